package org.convlens.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/**
 * Batch throughput of ResNet50V2's default outputs through {@link ModelService#runBatch} at batch 1, 4, 8 and 16,
 * with the time of its own copies (stacking the inputs, splitting the outputs) apart, and resident memory. A
 * program, not a test, so each setting runs in a process of its own (the C library reads its malloc settings at
 * start): {@code java -cp ... org.convlens.inference.BatchThroughputBenchmark CACHE_DIR LABEL}.
 */
final class BatchThroughputBenchmark {
  private BatchThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    TensorFlowRuntime.start();
    Network network = Network.bind(ResNet50V2.graph(true), UntrainedWeights.generate(ResNet50V2.graph(true), 42),
        WeightsOrigin.untrained(42));
    int runs = Integer.getInteger("bench.runs", 5);
    try (ModelService service = ModelService.open(network, new SavedModelCache(Path.of(args[0])), Progress.NONE)) {
      Tensor image = randomImage();
      StringBuilder line = new StringBuilder("BATCHBENCH [" + args[1] + "]");
      for (int n : Arrays.stream(System.getProperty("bench.sizes", "1,4,8,16").split(",")).mapToInt(Integer::parseInt)
          .toArray()) {
        List<Tensor> inputs = Collections.nCopies(n, image);
        service.runBatch(inputs, service.defaultLayers());
        double[] total = new double[runs];
        double[] copies = new double[runs];
        long faults = 0;
        for (int r = 0; r < runs; r++) {
          long before = minorFaults();
          long t = System.nanoTime();
          service.runBatch(inputs, service.defaultLayers());
          total[r] = (System.nanoTime() - t) / 1e6;
          faults += minorFaults() - before;
          // The batch's own copies, timed apart on the same sizes.
          t = System.nanoTime();
          Tensor stacked = BatchTensors.stack(inputs);
          Activations batch = n == 1 ? null : service.run(stacked, service.defaultLayers());
          long forward = System.nanoTime();
          if (batch != null) {
            BatchTensors.split(batch, n);
          }
          copies[r] = (System.nanoTime() - forward) / 1e6;
        }
        Arrays.sort(total);
        Arrays.sort(copies);
        line.append(String.format(" | batch %d: %.1f img/s (median %.0f ms, min %.0f; split %.0f ms; %d page faults"
            + " per batch)", n, 1000.0 * n / total[runs / 2], total[runs / 2], total[0], copies[runs / 2],
            faults / runs));
      }
      line.append(String.format(" | VmHWM %s, VmRSS %s, load %s", status("VmHWM"), status("VmRSS"),
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
      System.out.println(line);
    }
  }

  /** The process's minor page faults so far (the 10th field of /proc/self/stat, after the command's name). */
  private static long minorFaults() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
  }

  private static String status(String key) throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key))
        .map(l -> l.replaceAll("[^0-9]", "") + " kB").findFirst().orElse("-");
  }

  private static Tensor randomImage() {
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[224 * 224 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return Tensor.of(x, 1, 224, 224, 3);
  }
}
