package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.inference.ops.WeightOps;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Merges;
import org.convlens.model.Network;
import org.convlens.model.Normalizations;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The fast path ({@link TfGraphBuilder#buildWithFastPath}, planned by {@link Fusions}) on small graphs: batch norms
 * folded into plain and depthwise convolutions, zero padding made explicit, and the cases where nothing may be
 * absorbed. Each fast output equals the original layers' within 1e-5 of its largest magnitude.
 */
class FastPathTest {
  private static final SplittableRandom random = new SplittableRandom(11);

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  /** pad -> conv (no bias) -> bn -> relu, and pad -> depthwise (bias) -> bn (no gamma) -> relu6 -> add. */
  private static LayerGraph graph() {
    return new LayerGraph("fusable", List.of(
        new Layer("input_1", new LayerConfig.Input(9, 9, 3), List.of()),
        new Layer("pad", new Reshaping.ZeroPadding2D(1, 2, 0, 1), List.of("input_1")),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 2, Padding.VALID, false), List.of("pad")),
        new Layer("bn", new Normalizations.BatchNormalization(1.001e-5f), List.of("conv")),
        new Layer("relu", new ActivationLayers.Activation(ActivationFunction.RELU), List.of("bn")),
        new Layer("dw_pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("relu")),
        new Layer("dw", new Convolutions.DepthwiseConv2D(Window.square(3, 1, Padding.VALID), 2, true,
            ActivationFunction.LINEAR), List.of("dw_pad")),
        new Layer("dw_bn", new Normalizations.BatchNormalization(-1, 1e-3f, true, false), List.of("dw")),
        new Layer("dw_relu", new ActivationLayers.ReLU(6f, 0f, 0f), List.of("dw_bn")),
        new Layer("side", new Convolutions.Conv2D(8, 1, 1, 1, Padding.VALID, true), List.of("relu")),
        new Layer("out", new Merges.ElementWise(Merges.Operation.ADD), List.of("dw_relu", "side"))));
  }

  private static Network network() {
    return Network.bind(graph(), Map.of(
        "conv", List.of(random(3, 3, 3, 4)),
        "bn", List.of(positive(4), random(4), random(4), positive(4)),
        "dw", List.of(random(3, 3, 4, 2), random(8)),
        "dw_bn", List.of(random(8), random(8), positive(8)),
        "side", List.of(random(1, 1, 4, 8), random(8))), new WeightsOrigin("fast path test", false, "fast-test"));
  }

  @Test
  void plansFoldsAndExplicitPaddingOnlyWhereNothingElseNeedsTheAbsorbedLayer() {
    Fusions fusions = Fusions.plan(graph(), List.of("relu", "out"));
    assertEquals(Map.of("bn", "conv", "dw_bn", "dw"), fusions.foldedConv());
    assertEquals(Map.of("conv", "pad", "dw", "dw_pad"), fusions.explicitPad());

    // A wanted convolution keeps its own output, so its batch norm stays; so does its padding's.
    Fusions wantedConv = Fusions.plan(graph(), List.of("conv", "out"));
    assertEquals(Map.of("dw_bn", "dw"), wantedConv.foldedConv());
    assertEquals(Map.of("conv", "pad", "dw", "dw_pad"), wantedConv.explicitPad());
  }

  @Test
  void aLayerFeedingTwoOthersIsNotAbsorbed() {
    LayerGraph shared = new LayerGraph("shared_conv", List.of(
        new Layer("input_1", new LayerConfig.Input(6, 6, 2), List.of()),
        new Layer("pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("input_1")),
        new Layer("conv", new Convolutions.Conv2D(2, 3, 3, 1, Padding.VALID, true), List.of("pad")),
        new Layer("bn", new Normalizations.BatchNormalization(1e-3f), List.of("conv")),
        new Layer("add", new Merges.ElementWise(Merges.Operation.ADD), List.of("bn", "conv")),
        new Layer("pool_input", new Merges.ElementWise(Merges.Operation.ADD), List.of("pad", "pad"))));
    Fusions fusions = Fusions.plan(shared, List.of("add", "pool_input"));
    assertEquals(Map.of(), fusions.foldedConv());
    assertEquals(Map.of(), fusions.explicitPad());
  }

  @Test
  void fastOutputsEqualTheOriginalLayers() {
    Network network = network();
    Tensor x = random(2, 9, 9, 3);
    List<String> wanted = List.of("relu", "dw_relu", "out");
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      TfGraphBuilder.WithFastPath built = TfGraphBuilder.buildWithFastPath(tf, network, WeightOps.CONSTANTS, wanted);
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      wanted.forEach(layer -> fetches.add(built.layers().get(layer)));
      wanted.forEach(layer -> fetches.add(built.fast().get(layer)));
      List<Tensor> y = run(session, built.layers().get("input_1"), x, fetches);
      for (int i = 0; i < wanted.size(); i++) {
        assertClose(wanted.get(i), y.get(i), y.get(i + wanted.size()));
      }
      // The folds really happened: the fast path has no batch norm op of its own.
      graph.operations().forEachRemaining(op -> assertTrue(
          !op.name().startsWith(TfGraphBuilder.FAST_SCOPE + "/") || !op.type().startsWith("FusedBatchNorm"),
          op.name() + " is a batch norm on the fast path"));
    }
  }

  @Test
  void unfoldedLayersShareTheOriginalWeights() {
    List<Shape> made = new ArrayList<>();
    WeightOps counting = (scope, shape, values) -> {
      made.add(shape);
      return WeightOps.CONSTANTS.create(scope, shape, values);
    };
    try (Graph graph = new Graph()) {
      TfGraphBuilder.buildWithFastPath(Ops.create(graph), network(), counting, List.of("relu", "out"));
    }
    // The original graph's 12 weights, then only the two folded kernels and their biases: side's are shared.
    assertEquals(12 + 4, made.size(), made.toString());
  }

  private static List<Tensor> run(Session session, Operand<TFloat32> input, Tensor x, List<Operand<TFloat32>> fetches) {
    List<Tensor> out = new ArrayList<>();
    long[] dims = {x.dim(0), x.dim(1), x.dim(2), x.dim(3)};
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(x.data(), true, false))) {
      Session.Runner runner = session.runner().feed(input, in);
      fetches.forEach(runner::fetch);
      try (Result result = runner.run()) {
        for (int i = 0; i < fetches.size(); i++) {
          TFloat32 t = (TFloat32) result.get(i);
          float[] values = new float[Math.toIntExact(t.size())];
          t.copyTo(DataBuffers.of(values, false, false));
          int[] shape = new int[t.rank()];
          for (int d = 0; d < shape.length; d++) {
            shape[d] = Math.toIntExact(t.shape().get(d));
          }
          out.add(Tensor.of(values, shape));
        }
      }
    }
    return out;
  }

  private static void assertClose(String layer, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), layer);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      scale = Math.max(scale, Math.abs(expected.data()[i]));
      worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
    }
    assertTrue(scale > 0, layer + " is all zeros: the comparison would prove nothing");
    assertTrue(worst <= 1e-5 * scale, layer + ": largest difference " + worst + " against " + scale);
  }

  private static Tensor random(int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextGaussian();
    }
    return t;
  }

  private static Tensor positive(int n) {
    Tensor t = Tensor.zeros(n);
    for (int i = 0; i < n; i++) {
      t.data()[i] = (float) (0.5 + random.nextDouble());
    }
    return t;
  }
}
