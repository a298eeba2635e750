package org.convlens.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * A/B in one process and one loaded session: ResNet50V2's default outputs (five stages + predictions, batch 1 and
 * {@code -Dbench.batch}) fetched from the fast path (the default signature's tensors) and from the original layer
 * ops (the all-layers signature's), alternating in rounds. Not a test: run with {@code mvn test
 * -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=FastPathBenchmark}.
 */
@Tag("benchmark")
class FastPathBenchmark {
  @Test
  void fastPathAgainstOriginalLayers() throws Exception {
    TensorFlowRuntime.start();
    Network network = Network.bind(ResNet50V2.graph(true), UntrainedWeights.generate(ResNet50V2.graph(true), 42),
        WeightsOrigin.untrained(42));
    List<String> defaults = ModelService.defaultLayers(network);
    Path dir = Files.createTempDirectory("convlens-fastbench");
    ConfigProto config = ConfigProto.parseFrom(Base64.getDecoder().decode(ModelService.sessionConfig()));
    int batch = Integer.getInteger("bench.batch", 1);
    int rounds = Integer.getInteger("bench.rounds", 6);
    try (SavedModelCache.Lease lease = new SavedModelCache(dir).ensure(network, defaults, Progress.NONE);
        SavedModelBundle bundle = SavedModelBundle.loader(lease.dir().toString()).withTags("serve")
            .withConfigProto(config).load();
        TFloat32 x = input(batch)) {
      Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
      String in = signatures.get(SavedModelExporter.DEFAULT_SIGNATURE).getInputsMap()
          .get(SavedModelExporter.INPUT_KEY).getName();
      List<String> fast = tensors(signatures.get(SavedModelExporter.DEFAULT_SIGNATURE), defaults);
      List<String> original = tensors(signatures.get(SavedModelExporter.ALL_LAYERS_SIGNATURE), defaults);
      List<Double> fastMedians = new ArrayList<>();
      List<Double> originalMedians = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        double[] a = time(bundle.session(), in, x, fast);
        double[] b = time(bundle.session(), in, x, original);
        fastMedians.add(a[a.length / 2]);
        originalMedians.add(b[b.length / 2]);
        System.out.printf("FASTBENCH batch %d round %d: fast %.1f ms (min %.1f), original %.1f ms (min %.1f),"
            + " load %s%n", batch, round, a[a.length / 2], a[0], b[b.length / 2], b[0], load());
      }
      System.out.printf("FASTBENCH batch %d: fastest round's median fast %.1f ms, original %.1f ms%n", batch,
          fastMedians.stream().min(Double::compare).orElseThrow(),
          originalMedians.stream().min(Double::compare).orElseThrow());
    }
  }

  private static double[] time(Session session, String in, TFloat32 x, List<String> fetches) {
    int warmup = 3;
    double[] ms = new double[15];
    for (int i = -warmup; i < ms.length; i++) {
      long t = System.nanoTime();
      Session.Runner runner = session.runner().feed(in, x);
      fetches.forEach(runner::fetch);
      try (Result ignored = runner.run()) {
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t) / 1e6;
        }
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  private static List<String> tensors(SignatureDef signature, List<String> layers) {
    Map<String, TensorInfo> outputs = signature.getOutputsMap();
    return layers.stream().map(layer -> outputs.get(layer).getName()).toList();
  }

  private static TFloat32 input(int batch) {
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[batch * 224 * 224 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return TFloat32.tensorOf(Shape.of(batch, 224, 224, 3), DataBuffers.of(x, true, false));
  }

  private static String load() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
