package org.convlens.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the figures the core issue asks for: engine start, first SavedModel build, cached load, first and
 * warm inference (median of 30) for the default outputs, on-demand layers, and peak RSS. Not a test: run with
 * {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=InferenceBenchmark}.
 */
@Tag("benchmark")
class InferenceBenchmark {

  @Test
  void figures() throws Exception {
    long t0 = System.nanoTime();
    String version = TensorFlowRuntime.start();
    report("engine start (TensorFlow " + version + ")", t0);
    System.out.println("BENCH CPU: " + (CpuKernels.isAmdCpu() ? "AMD" : "not AMD") + ", oneDNN "
        + (System.getProperty(CpuKernels.PROPERTY) != null ? "forced " + System.getProperty(CpuKernels.PROPERTY)
            : CpuKernels.isAmdCpu() ? "off (default on AMD)" : "on (default)"));

    Network network = Network.bind(ResNet50V2.graph(true),
        UntrainedWeights.generate(ResNet50V2.graph(true), 42), WeightsOrigin.untrained(42));
    Path cacheDir = Files.createTempDirectory("convlens-bench");
    SavedModelCache cache = new SavedModelCache(cacheDir);

    t0 = System.nanoTime();
    try (ModelService service = ModelService.open(network, cache, Progress.NONE)) {
      report("first-time SavedModel build + load", t0);
    }
    measureCached(network, cache, "grappler on (default)", true);
    System.setProperty("convlens.tf.graphOptimizer", "false");
    measureCached(network, cache, "grappler off", false);
    System.clearProperty("convlens.tf.graphOptimizer");
    System.out.println("BENCH peak RSS: " + peakRss());
  }

  private static void measureCached(Network network, SavedModelCache cache, String label, boolean onDemand)
      throws Exception {
    long t0 = System.nanoTime();
    try (ModelService service = ModelService.open(network, cache, Progress.NONE)) {
      report("[" + label + "] cached load (includes one warm-up forward)", t0);
      Tensor input = randomInput();
      t0 = System.nanoTime();
      service.run(input, service.defaultLayers());
      report("[" + label + "] first predict after open", t0);
      double[] ms = new double[30];
      for (int i = 0; i < ms.length; i++) {
        long t = System.nanoTime();
        service.run(input, service.defaultLayers());
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      System.out.printf("BENCH [%s] warm inference, five stages + predictions: median %.1f ms (min %.1f, max %.1f, n=%d)%n",
          label, median(ms), Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).max().orElse(0), ms.length);
      System.out.println("BENCH [" + label + "] RSS now: " + status("VmRSS"));
      if (onDemand) {
        t0 = System.nanoTime();
        service.run(input, List.of("conv3_block2_2_relu"));
        report("[" + label + "] first on-demand layer (fetched by name from the loaded session)", t0);
        double[] od = new double[10];
        for (int i = 0; i < od.length; i++) {
          long t = System.nanoTime();
          service.run(input, List.of("conv3_block2_2_relu"));
          od[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("BENCH [%s] warm on-demand layer: median %.1f ms%n", label, median(od));
        System.out.println("BENCH [" + label + "] RSS after on-demand layers: " + status("VmRSS"));
        // Soak: native memory must level off with use (every NDArray lives in a closed sub-manager).
        for (int round = 1; round <= 4; round++) {
          for (int i = 0; i < 100; i++) {
            service.run(input, service.defaultLayers());
          }
          for (int i = 0; i < 50; i++) {
            service.run(input, List.of("conv3_block2_2_relu"));
          }
          System.out.println("BENCH [" + label + "] soak: RSS after " + round * 150 + " more forwards: "
              + status("VmRSS"));
        }
      }
    }
  }

  static Tensor randomInput() {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[224 * 224 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return Tensor.of(x, 1, 224, 224, 3);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void report(String what, long startNanos) {
    System.out.printf("BENCH %s: %.0f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
  }

  static String peakRss() throws Exception {
    return status("VmHWM");
  }

  /** A line of /proc/self/status (Linux), e.g. VmRSS or VmHWM (the peak). */
  static String status(String key) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).trim();
      }
    }
    return "unknown (no /proc/self/status)";
  }
}
