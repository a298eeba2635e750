package org.convlens.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.management.ObjectName;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TensorFlowRuntime;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resident memory and engine timings of ResNet50V2 (untrained, seed 42), each scenario in a child JVM of its own
 * so its peak (VmHWM) is its own: "predict" (load + one image, as {@code convlens predict}) and "app" (load + 10
 * images kept, as the window keeps them, + three on-demand layers), with and without {@code MALLOC_ARENA_MAX=2}.
 * RSS is split by /proc/self/smaps into the Java heap, TensorFlow's libraries and the rest. Not a test: run with
 * {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=EngineMemoryBenchmark} (or its main).
 */
@Tag("benchmark")
class EngineMemoryBenchmark {
  private static final List<String> ON_DEMAND = List.of("conv3_block2_2_relu", "conv4_block3_1_relu", "pool1_pool");

  @Test
  void figures() throws Exception {
    Path cache = Files.createTempDirectory("convlens-membench");
    child("build", cache, Map.of());
    for (String scenario : List.of("predict", "app")) {
      for (int round = 0; round < 2; round++) {
        child(scenario, cache, Map.of());
        child(scenario, cache, Map.of("MALLOC_ARENA_MAX", "2"));
      }
    }
  }

  /** Runs {@link #main} in a fresh JVM with the same class path and extra environment. */
  private static void child(String scenario, Path cache, Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:NativeMemoryTracking=detail", "-cp", System.getProperty("java.class.path")));
    for (String p : List.of("convlens.tf.onednn", "convlens.tf.graphOptimizer", "convlens.mallocArenas",
        "ai.djl.tensorflow.num_intraop_threads", "ai.djl.tensorflow.num_interop_threads")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(List.of(EngineMemoryBenchmark.class.getName(), scenario, cache.toString(), env.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().putAll(env);
    int rc = pb.start().waitFor();
    if (rc != 0) {
      throw new IllegalStateException(scenario + " exited with " + rc);
    }
  }

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    String label = "[" + scenario + " " + (args.length > 2 ? args[2] : "{}") + "]";
    long t0 = System.nanoTime();
    TensorFlowRuntime.start();
    double engine = ms(t0);
    Network network = Network.bind(ResNet50V2.graph(true),
        UntrainedWeights.generate(ResNet50V2.graph(true), 42), WeightsOrigin.untrained(42));
    t0 = System.nanoTime();
    List<Activations> kept = new ArrayList<>();
    try (ModelService service = ModelService.open(network, new SavedModelCache(Path.of(args[1])), Progress.NONE)) {
      double open = ms(t0);
      kept.add(service.run(input(0), service.defaultLayers()));
      StringBuilder line = new StringBuilder(String.format("engine %.0f ms, open %.0f ms", engine, open));
      if (scenario.equals("forward")) {
        // Forward speed alone (for A/B runs of kernel and thread settings in alternating processes).
        for (int i = 0; i < 10; i++) {
          service.run(input(0), service.defaultLayers());
        }
        double[] forward = new double[40];
        for (int i = 0; i < forward.length; i++) {
          long t = System.nanoTime();
          service.run(input(0), service.defaultLayers());
          forward[i] = ms(t);
        }
        Arrays.sort(forward);
        line.append(String.format(", onednn %s, intra %s, inter %s: warm forward median %.1f ms (min %.1f)",
            System.getProperty("convlens.tf.onednn", "default"),
            System.getProperty("ai.djl.tensorflow.num_intraop_threads", "default"),
            System.getProperty("ai.djl.tensorflow.num_interop_threads", "default"), forward[20], forward[0]));
      }
      if (scenario.equals("app")) {
        for (int i = 1; i < 10; i++) {
          kept.add(service.run(input(i), service.defaultLayers()));
        }
        double[] forward = new double[30];
        for (int i = 0; i < forward.length; i++) {
          long t = System.nanoTime();
          service.run(input(0), service.defaultLayers());
          forward[i] = ms(t);
        }
        Arrays.sort(forward);
        line.append(String.format(", warm forward median %.1f ms (min %.1f, max %.1f)", forward[15], forward[0],
            forward[29]));
        for (String layer : ON_DEMAND) {
          long t = System.nanoTime();
          kept.add(service.run(input(0), List.of(layer)));
          line.append(String.format(", first %s %.0f ms", layer, ms(t)));
        }
        long t = System.nanoTime();
        service.run(input(1), List.of(ON_DEMAND.get(0)));
        line.append(String.format(", again %.0f ms", ms(t)));
      }
      System.out.println("MEMBENCH " + label + " " + line);
      System.out.println("MEMBENCH " + label + " " + memory());
    }
    System.out.println("MEMBENCH " + label + " kept " + kept.size() + " results");
  }

  /**
   * VmRSS and VmHWM, split by where the resident pages are (from /proc/self/smaps): the Java heap (its address
   * range from Native Memory Tracking), TensorFlow's libraries (code and static data), and all other memory
   * (TensorFlow's tensors and weights, the C library's allocator, the JVM's own native memory).
   */
  private static String memory() throws Exception {
    System.gc();
    long[] heap = heapRange();
    long heapKb = 0;
    long tfLibKb = 0;
    long otherKb = 0;
    long start = 0;
    long end = 0;
    String mapping = "";
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        String[] range = line.substring(0, line.indexOf(' ')).split("-");
        start = Long.parseUnsignedLong(range[0], 16);
        end = Long.parseUnsignedLong(range[1], 16);
        mapping = line;
      } else if (line.startsWith("Rss:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        if (heap != null && start >= heap[0] && end <= heap[1]) {
          heapKb += kb;
        } else if (mapping.contains("libtensorflow") || mapping.contains("libjnitensorflow")) {
          tfLibKb += kb;
        } else {
          otherKb += kb;
        }
      }
    }
    var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return String.format("VmRSS %d MB, VmHWM %d MB = Java heap %d MB resident (committed %d, used %d) + "
            + "TensorFlow libraries %d MB + other (TensorFlow data, malloc, JVM native) %d MB",
        status("VmRSS") / 1024, status("VmHWM") / 1024, heapKb / 1024, usage.getCommitted() >> 20,
        usage.getUsed() >> 20, tfLibKb / 1024, otherKb / 1024);
  }

  /** The Java heap's reserved address range, from Native Memory Tracking (needs -XX:NativeMemoryTracking). */
  private static long[] heapRange() throws Exception {
    String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
        new Object[] {new String[] {"detail"}}, new String[] {String[].class.getName()});
    for (String line : out.split("\n")) {
      if (line.contains("for Java Heap")) {
        var m = java.util.regex.Pattern.compile("0x([0-9a-f]+) - 0x([0-9a-f]+)").matcher(line);
        if (m.find()) {
          return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)};
        }
      }
    }
    return null;
  }

  private static long status(String key) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static Tensor input(int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[224 * 224 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return Tensor.of(x, 1, 224, 224, 3);
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
