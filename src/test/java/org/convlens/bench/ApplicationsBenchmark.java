package org.convlens.bench;

import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TensorFlowRuntime;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints, per built-in model, the closing figures: parameter total (ours against Keras's summary), first
 * SavedModel build + load, warm forward of the stages and the head (median of 10) and peak RSS. Each model runs
 * untrained (seed 42) in its own child JVM, so each peak RSS is that model's alone. VGG16 runs without its head
 * unless {@code -Dbench.vgg16Top=true}: with it the SavedModel holds 138M parameters as constants (see
 * UntrainedApplicationsTest). Not a test: run with
 * {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=ApplicationsBenchmark}.
 */
@Tag("benchmark")
class ApplicationsBenchmark {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");
  private static final int RUNS = 10;

  @Test
  void figures() throws Exception {
    boolean vggTop = Boolean.getBoolean("bench.vgg16Top");
    List<String> table = new ArrayList<>();
    table.add(String.format("%-14s %14s %14s %9s %12s %10s", "model", "params (ours)", "params (Keras)",
        "build+load", "forward", "peak RSS"));
    for (Application app : Applications.all()) {
      boolean top = vggTop || app != Applications.VGG_16;
      Path log = Files.createTempFile("convlens-bench-" + app.id(), ".log");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx6g", "-Dorg.bytedeco.javacpp.pathsFirst=true", "-cp", System.getProperty("java.class.path"), Child.class.getName(), app.id(),
          Boolean.toString(top));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      String result;
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        result = "timed out after 30 min";
      } else {
        result = Files.readAllLines(log).stream().filter(l -> l.startsWith("RESULT ")).findFirst()
            .map(l -> l.substring("RESULT ".length()))
            .orElse("failed (exit " + p.exitValue() + "), see " + log);
      }
      String row = String.format("%-14s %s", app.id() + (top ? "" : " (notop)"), result);
      String keras = kerasTotal(app, top);
      table.add(row.replace("KERAS", keras));
      System.out.println("BENCH " + table.get(table.size() - 1));
    }
    System.out.println("BENCH table (untrained, seed 42; forward = the five stages and the head, median of " + RUNS
        + " warm runs):");
    table.forEach(r -> System.out.println("BENCH | " + r));
  }

  /** Keras's total from its summary; without the head, that is not what Keras's file gives, so say so. */
  private static String kerasTotal(Application app, boolean top) throws Exception {
    try (InputStream in = ApplicationsBenchmark.class.getResourceAsStream(
        "/keras-apps/" + app.displayName() + ".summary.json")) {
      if (in == null) {
        return "?";
      }
      long total = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject()
          .get("total_params").getAsLong();
      return String.format("%,d%s", total, top ? "" : "*");
    }
  }

  /** One model in this JVM: prints {@code RESULT ...} with the figures, KERAS standing for Keras's total. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      Application app = Applications.named(args[0]).orElseThrow();
      boolean top = Boolean.parseBoolean(args[1]);
      TensorFlowRuntime.start();
      LayerGraph graph = app.graph(top);
      Network network = Network.bind(graph, UntrainedWeights.generate(graph, 42), WeightsOrigin.untrained(42))
          .withStages(app.stages(), app.predictionsLayer());
      Tensor input = ModelInput.prepare(new ImageLoader().load(CAT), app.inputSize(), app.preprocessing()).tensor();
      List<String> layers = new ArrayList<>(app.stages().stream().map(NetworkStage::layer).toList());
      if (top) {
        layers.add(app.predictionsLayer());
      }
      Path cache = Files.createTempDirectory("convlens-bench-cache");
      long t0 = System.nanoTime();
      try (ModelService service = ModelService.open(network, new SavedModelCache(cache), Progress.NONE)) {
        double build = (System.nanoTime() - t0) / 1e9;
        service.run(input, layers);
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
          long t = System.nanoTime();
          service.run(input, layers);
          ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("RESULT %14s %14s %8.1fs %9.0f ms %10s%n",
            String.format("%,d", ModelSummary.of(graph).totalParams()), "KERAS", build, (ms[4] + ms[5]) / 2,
            status("VmHWM"));
      }
    }

    private static String status(String key) throws Exception {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
          .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse("unknown");
    }
  }
}
