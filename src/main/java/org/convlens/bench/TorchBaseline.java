package org.convlens.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.convlens.inference.LargeAllocations;

/**
 * PyTorch's forward of the same ResNet50V2, run as the bundled script ({@code torch_resnet50v2.py}, copied out
 * of the jar into a work folder) by a Python that can {@code import torch, h5py}.
 */
public final class TorchBaseline {
  /** The scripts, beside this class in the jar. */
  static final List<String> SCRIPTS = List.of("torch_resnet50v2.py", "resnet50v2_torch.py", "keras_arch.py",
      "keras_h5.py", "make_weights.py");
  /** Where Debian's torch lives (another python3 earlier on PATH, such as pyenv's, often lacks it), then PATH's. */
  static final List<String> DEFAULT_PYTHONS = List.of("/usr/bin/python3", "python3");

  /** What one run of the script measured: medians in ms, and throughput when the batch was larger than 1. */
  record Result(Double eagerMs, double bestMs, String bestVariant, int batch, double bestImagesPerSecond) {}

  /** A Python with torch, or why there is none. */
  record Availability(TorchBaseline torch, String skippedBecause) {}

  static final String WAIT_POLICY = "OMP_WAIT_POLICY";
  static final Map<String, String> MALLOC_SETTINGS = Map.of(
      "MALLOC_MMAP_THRESHOLD_", Integer.toString(LargeAllocations.THRESHOLD),
      "MALLOC_TRIM_THRESHOLD_", Integer.toString(LargeAllocations.THRESHOLD));

  private final String python;
  private final Path dir;
  private final int threads;

  private TorchBaseline(String python, Path dir, int threads) {
    this.python = python;
    this.dir = dir;
    this.threads = threads;
  }

  /**
   * The first of {@code pythons} that can import torch and h5py, with the scripts copied into {@code workDir};
   * otherwise the reason each could not, for the skipped line.
   */
  static Availability find(List<String> pythons, Path workDir, int threads) throws IOException {
    List<String> reasons = new ArrayList<>();
    for (String python : pythons) {
      String problem = check(python);
      if (problem == null) {
        Path dir = Files.createDirectories(workDir.resolve("torch"));
        for (String script : SCRIPTS) {
          try (InputStream in = TorchBaseline.class.getResourceAsStream("torch/" + script)) {
            if (in == null) {
              throw new IOException("the jar lacks the bundled script " + script);
            }
            Files.copy(in, dir.resolve(script));
          }
        }
        return new Availability(new TorchBaseline(python, dir, threads), null);
      }
      reasons.add(python + ": " + problem);
    }
    return new Availability(null, String.join("; ", reasons));
  }

  /** The one line a run without PyTorch prints instead of the comparison. */
  static String skippedLine(String reason) {
    return "PyTorch comparison skipped: no Python that can 'import torch, h5py' (" + reason + "). To compare, "
        + "install them (Debian/Ubuntu: apt-get install python3-torch python3-h5py python3-pil) or name one "
        + "with --python.";
  }

  String python() {
    return python;
  }

  /** Why {@code python} cannot run the script, or null when it can. */
  private static String check(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch, h5py, numpy").redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "did not answer in 2 minutes";
      }
      if (p.exitValue() == 0) {
        return null;
      }
      List<String> lines = output.lines().toList();
      return lines.isEmpty() ? "exit code " + p.exitValue() : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "cannot be started (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Writes seeded random ResNet50V2 weights (make_weights.py) in Keras's layout, for both sides to run. */
  Path makeWeights(long seed) throws IOException {
    Path file = dir.resolve("resnet50v2-seed" + seed + ".h5");
    exec(List.of(python, "make_weights.py", "--seed", Long.toString(seed), "--out", file.toString()));
    return file;
  }

  /** Times the given variants (all when empty) at {@code batch}. */
  Result run(Path weights, int batch, int warmup, int runs, List<String> variants) throws IOException {
    List<String> command = new ArrayList<>(List.of(python, "torch_resnet50v2.py", "--weights", weights.toString(),
        "--threads", Integer.toString(threads), "--warmup", Integer.toString(warmup), "--runs",
        Integer.toString(runs), "--batch", Integer.toString(batch)));
    if (!variants.isEmpty()) {
      command.add("--only");
      command.addAll(variants);
    }
    return parse(exec(command));
  }

  /**
   * The script's figures from its output: its last line, {@code {"torch_eager_ms": .., "torch_best_ms": ..,
   * "batch": .., "torch_best_images_per_s": ..}}, and the best variant's name from the line before.
   *
   * @throws IOException when the output does not end that way (the script failed or changed)
   */
  static Result parse(String stdout) throws IOException {
    List<String> lines = stdout.strip().lines().toList();
    try {
      JsonObject last = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
      String variant = null;
      if (lines.size() > 1 && lines.get(lines.size() - 2).startsWith("{")) {
        JsonElement best = JsonParser.parseString(lines.get(lines.size() - 2)).getAsJsonObject().get("best_variant");
        variant = best == null ? null : best.getAsString();
      }
      JsonElement eager = last.get("torch_eager_ms");
      double bestMs = last.get("torch_best_ms").getAsDouble();
      int batch = last.has("batch") ? last.get("batch").getAsInt() : 1;
      double perSecond = last.has("torch_best_images_per_s") ? last.get("torch_best_images_per_s").getAsDouble()
          : 1000.0 * batch / bestMs;
      return new Result(eager == null || eager.isJsonNull() ? null : eager.getAsDouble(), bestMs, variant, batch,
          perSecond);
    } catch (RuntimeException e) {
      throw new IOException("the PyTorch script's output does not end with its JSON figures: "
          + (lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1)), e);
    }
  }

  /** Runs a script in the scripts' folder and returns its stdout; a failure says what the script said. */
  private String exec(List<String> command) throws IOException {
    Path out = Files.createTempFile(dir, "out-", ".txt");
    Path err = Files.createTempFile(dir, "err-", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    // OpenMP's default spin-waiting made PyTorch 7x slower (274 ms against 38 ms for one conv) while other
    // processes shared the two cores; passive waiting is the fair setting for it. The user's own setting wins.
    pb.environment().putIfAbsent(WAIT_POLICY, "PASSIVE");
    // ConvLens keeps large freed blocks in glibc's heap (inference.LargeAllocations: batches of 8 and 16 were
    // 3x slower refaulting their pages); PyTorch's process gets the same setting, so the batches compare fairly.
    MALLOC_SETTINGS.forEach(pb.environment()::putIfAbsent);
    try {
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in an hour");
      }
      if (p.exitValue() != 0) {
        List<String> said = Files.readAllLines(err);
        throw new IOException(command.get(1) + " failed (exit " + p.exitValue() + "): "
            + (said.isEmpty() ? "no message" : said.get(said.size() - 1)));
      }
      return Files.readString(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + command.get(1) + " ran", e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
