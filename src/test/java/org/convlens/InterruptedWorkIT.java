package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL in the middle of its work (extracting TensorFlow's natives into an empty
 * cache, building the SavedModel, writing PNGs): the next run trusts no half-written file and completes the work,
 * and an export folder never holds a broken picture. And four runs started at once on an empty cache all succeed
 * and leave one copy of each cache entry.
 */
class InterruptedWorkIT {
  private static final Path JAR = Path.of("target", "convlens.jar").toAbsolutePath();
  private static final Path CAT = Path.of("sample-images", "chelsea.png").toAbsolutePath();
  @TempDir Path temp;

  private Process start(Path cache, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dconvlens.configDir=" + temp.resolve("config"), "-Dconvlens.cacheDir=" + cache,
        "-Dconvlens.logDir=" + temp.resolve("logs"), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return pb.start();
  }

  /** Starts the command and kills it after {@code millis}; true when it was still running then. */
  private boolean killAfter(long millis, Path cache, String... args) throws Exception {
    Process p = start(cache, temp.resolve("killed.txt"), args);
    boolean finished = p.waitFor(millis, TimeUnit.MILLISECONDS);
    if (!finished) {
      p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
      p.waitFor(30, TimeUnit.SECONDS);
    }
    return !finished;
  }

  @Test
  void killedWhileFillingAnEmptyCacheTheNextRunCompletesTheWork() throws Exception {
    Path cache = temp.resolve("cache");
    // Early kills land in the natives' extraction, later ones in the SavedModel's build and load.
    int killed = 0;
    for (long at : new long[] {700, 1500, 2500, 4000, 6000, 9000}) {
      killed += killAfter(at, cache, "predict", CAT.toString(), "--model", "mobilenet", "--top", "1") ? 1 : 0;
    }
    assertTrue(killed >= 3, "most runs were interrupted (" + killed + " of 6)");

    Path out = temp.resolve("after.txt");
    Process p = start(cache, out, "predict", CAT.toString(), "--model", "mobilenet", "--top", "1");
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run after the kills finished");
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("Egyptian cat"), text);
  }

  @Test
  void anExportKilledMidwayLeavesOnlyWholePictures() throws Exception {
    Path cache = temp.resolve("cache");
    Path warm = temp.resolve("warm.txt");
    Process first = start(cache, warm, "predict", CAT.toString(), "--model", "mobilenet");
    assertTrue(first.waitFor(5, TimeUnit.MINUTES) && first.exitValue() == 0, Files.readString(warm));

    Path views = temp.resolve("views");
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      images.add(Files.copy(CAT, temp.resolve("cat" + i + ".png")));
    }
    for (long at : new long[] {4000, 5500, 7000}) {
      List<String> args = new ArrayList<>(List.of("export"));
      images.forEach(f -> args.add(f.toString()));
      args.addAll(List.of("--model", "mobilenet", "--out", views.toString()));
      killAfter(at, cache, args.toArray(String[]::new));
      try (Stream<Path> files = Files.walk(views)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (f.toString().endsWith(".png")) {
            BufferedImage picture = ImageIO.read(f.toFile());
            assertTrue(picture != null && picture.getWidth() > 0, "a whole picture: " + f);
          }
        }
      } catch (java.nio.file.NoSuchFileException notYet) {
        // killed before the first folder was made
      }
    }
  }

  @Test
  void fourRunsStartedAtOnceOnAnEmptyCacheAllSucceedAndLeaveOneCopyOfEachEntry() throws Exception {
    Path cache = temp.resolve("cache");
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(start(cache, temp.resolve("run" + i + ".txt"), "predict", CAT.toString(), "--model", "mobilenet",
          "--top", "1"));
    }
    for (int i = 0; i < 4; i++) {
      assertTrue(runs.get(i).waitFor(10, TimeUnit.MINUTES), "run " + i + " finished");
      String text = Files.readString(temp.resolve("run" + i + ".txt"), StandardCharsets.UTF_8);
      assertEquals(0, runs.get(i).exitValue(), text);
      assertTrue(text.contains("Egyptian cat"), text);
    }
    // One entry per cache, nothing half-made beside them.
    assertEquals(List.of("bundled", "savedmodels", "tensorflow-natives"), names(cache));
    assertEquals(List.of("mobilenet_v1_0.25_224.h5"), names(cache.resolve("bundled")));
    // Beside the one SavedModel: the cache's own lock file, which guards pruning (SavedModelCache).
    assertEquals(List.of(".lock"), names(cache.resolve("savedmodels")).stream().filter(n -> n.startsWith(".")).toList());
    assertEquals(1, names(cache.resolve("savedmodels")).stream().filter(n -> !n.startsWith(".")).count(),
        names(cache.resolve("savedmodels")).toString());
    assertEquals(1, names(cache.resolve("tensorflow-natives")).size(),
        names(cache.resolve("tensorflow-natives")).toString());
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

}
