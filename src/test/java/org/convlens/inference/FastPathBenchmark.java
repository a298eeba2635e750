package org.convlens.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.inference.ops.WeightOps;
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
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
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
    printWeightBytes(network, defaults);
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
      if (Boolean.getBoolean("bench.profile")) {
        profile(bundle.session(), in, x, fast, "fast");
        profile(bundle.session(), in, x, original, "original");
      }
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

  /**
   * Each fusion alone, in plain sessions with the weights as constants (no SavedModel): the original layers, all
   * fusions, explicit padding only, batch norm folding only, alternating in rounds.
   */
  @Test
  void eachFusionAlone() throws Exception {
    TensorFlowRuntime.start();
    Network network = Network.bind(ResNet50V2.graph(true), UntrainedWeights.generate(ResNet50V2.graph(true), 42),
        WeightsOrigin.untrained(42));
    List<String> defaults = ModelService.defaultLayers(network);
    Fusions all = Fusions.plan(network.graph(), defaults);
    Map<String, Fusions> plans = new java.util.LinkedHashMap<>();
    plans.put("all fusions", all);
    plans.put("explicit padding only", new Fusions(Map.of(), all.explicitPad()));
    plans.put("folded batch norms only", new Fusions(all.foldedConv(), Map.of()));
    ConfigProto config = ConfigProto.parseFrom(Base64.getDecoder().decode(ModelService.sessionConfig()));
    int batch = Integer.getInteger("bench.batch", 1);
    List<org.tensorflow.Graph> graphs = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    List<List<org.tensorflow.Operand<TFloat32>>> fetches = new ArrayList<>();
    List<org.tensorflow.Operand<TFloat32>> inputs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    try (TFloat32 x = input(batch)) {
      for (Map.Entry<String, Fusions> plan : plans.entrySet()) {
        org.tensorflow.Graph graph = new org.tensorflow.Graph();
        graphs.add(graph);
        Session session = new Session(graph, config);
        sessions.add(session);
        TfGraphBuilder.WithFastPath built = TfGraphBuilder.buildWithFastPath(org.tensorflow.op.Ops.create(graph),
            network, WeightOps.CONSTANTS, defaults, plan.getValue());
        org.tensorflow.Operand<TFloat32> in = built.layers().get(network.graph().input().name());
        if (labels.isEmpty()) {
          labels.add("original layers");
          inputs.add(in);
          fetches.add(defaults.stream().map(built.layers()::get).toList());
        }
        labels.add(plan.getKey());
        inputs.add(in);
        fetches.add(defaults.stream().map(built.fast()::get).toList());
      }
      int rounds = Integer.getInteger("bench.rounds", 8);
      double[][] medians = new double[labels.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        StringBuilder line = new StringBuilder("FASTBENCH alone batch " + batch + " round " + round + ":");
        for (int v = 0; v < labels.size(); v++) {
          Session session = sessions.get(Math.max(0, v - 1));
          double[] ms = timeOps(session, inputs.get(v), x, fetches.get(v));
          medians[v][round] = ms[ms.length / 2];
          line.append(String.format(" %s %.1f (min %.1f);", labels.get(v), ms[ms.length / 2], ms[0]));
        }
        System.out.println(line + " load " + load());
      }
      for (int v = 0; v < labels.size(); v++) {
        double[] m = medians[v].clone();
        Arrays.sort(m);
        System.out.printf("FASTBENCH alone batch %d: %s fastest round's median %.1f ms, median of medians %.1f ms%n",
            batch, labels.get(v), m[0], m[m.length / 2]);
      }
    } finally {
      sessions.forEach(Session::close);
      graphs.forEach(org.tensorflow.Graph::close);
    }
  }

  private static double[] timeOps(Session session, org.tensorflow.Operand<TFloat32> in, TFloat32 x,
      List<org.tensorflow.Operand<TFloat32>> fetches) {
    double[] ms = new double[15];
    for (int i = -3; i < ms.length; i++) {
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

  /** What the fast path's own weights (the folded kernels and biases) add to the original ones. */
  static void printWeightBytes(Network network, List<String> defaults) {
    long[] bytes = new long[1];
    WeightOps counting = (scope, shape, values) -> {
      bytes[0] += 4L * values.length;
      return WeightOps.CONSTANTS.create(scope, shape, values);
    };
    try (org.tensorflow.Graph graph = new org.tensorflow.Graph()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(graph);
      TfGraphBuilder.build(tf, network, counting);
      long original = bytes[0];
      bytes[0] = 0;
      try (org.tensorflow.Graph twin = new org.tensorflow.Graph()) {
        TfGraphBuilder.buildWithFastPath(org.tensorflow.op.Ops.create(twin), network, counting, defaults);
      }
      System.out.printf("FASTBENCH %s weights: %.1f MB, with the fast path's folded ones %.1f MB (+%.1f MB)%n",
          network.graph().name(), original / 1e6, bytes[0] / 1e6, (bytes[0] - original) / 1e6);
    }
  }

  /** Time per op type, from TensorFlow's step stats of one traced run (after a few untraced ones). */
  private static void profile(Session session, String in, TFloat32 x, List<String> fetches, String label) {
    time(session, in, x, fetches);
    Map<String, Double> byType = new java.util.TreeMap<>();
    for (int run = 0; run < 5; run++) {
      Session.Runner runner = session.runner().feed(in, x)
          .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      fetches.forEach(runner::fetch);
      try (Result result = runner.runAndFetchMetadata()) {
        RunMetadata metadata = result.getMetadata().orElseThrow();
        for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            String label2 = node.getTimelineLabel();
            int eq = label2.indexOf(" = ");
            String type = eq < 0 ? node.getNodeName() : label2.substring(eq + 3).replaceAll("\\(.*", "");
            byType.merge(type, node.getAllEndRelMicros() / 5000.0, Double::sum);
          }
        }
      }
    }
    byType.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
        .forEach(e -> System.out.printf("FASTBENCH profile %s: %-28s %.1f ms%n", label, e.getKey(), e.getValue()));
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
