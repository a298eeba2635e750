package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.Reshaping;
import org.convlens.model.Convolutions;
import org.convlens.model.Pooling;
import org.convlens.model.Normalizations;
import org.convlens.model.ActivationLayers;
import org.convlens.model.ActivationFunction;
import org.convlens.model.CoreLayers;
import org.convlens.model.Merges;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the TensorFlow translation of every layer kind against {@link ReferenceOps} on a small random network
 * shaped like a ResNet block: zero pad, strided convolution with bias, batch norm, ReLU, max pool, a residual
 * add, global average pooling and a softmax head.
 */
class GraphCorrectnessTest {
  private static final float EPS = 1.001e-5f;
  @TempDir static Path cacheDir;
  private static final SplittableRandom random = new SplittableRandom(3);

  private static LayerGraph graph() {
    return new LayerGraph("tiny", List.of(
        new Layer("input_1", new LayerConfig.Input(11, 11, 3), List.of()),
        new Layer("pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("input_1")),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 2, Padding.VALID, true), List.of("pad")),
        new Layer("bn", new Normalizations.BatchNormalization(EPS), List.of("conv")),
        new Layer("relu", new ActivationLayers.Activation(ActivationFunction.RELU), List.of("bn")),
        new Layer("pool_pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("relu")),
        new Layer("pool", new Pooling.MaxPooling2D(3, 2, Padding.VALID), List.of("pool_pad")),
        new Layer("branch", new Convolutions.Conv2D(4, 1, 1, 1, Padding.VALID, false), List.of("pool")),
        new Layer("out", new Merges.ElementWise(Merges.Operation.ADD), List.of("pool", "branch")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("out")),
        new Layer("predictions", new CoreLayers.Dense(5, ActivationFunction.SOFTMAX), List.of("gap"))));
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

  private static Network network;
  private static ModelService service;

  @BeforeAll
  static void load() throws Exception {
    TestRuntime.start();
    Map<String, List<Tensor>> w = Map.of(
        "conv", List.of(random(3, 3, 3, 4), random(4)),
        "bn", List.of(positive(4), random(4), random(4), positive(4)),
        "branch", List.of(random(1, 1, 4, 4)),
        "predictions", List.of(random(4, 5), random(5)));
    network = Network.bind(graph(), w, new WeightsOrigin("tiny test weights", false, "tiny-" + System.nanoTime()));
    service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE);
  }

  @Test
  void everyLayerMatchesThePlainJavaReference() throws Exception {
    Tensor x = random(11, 11, 3);
    Activations tf = service.run(x.reshape(1, 11, 11, 3),
        List.of("pad", "conv", "bn", "relu", "pool", "out", "gap", "predictions"));

    Tensor pad = ReferenceOps.pad(x, 1);
    List<Tensor> conv = network.weights("conv");
    Tensor c = ReferenceOps.conv(pad, conv.get(0), conv.get(1), 2);
    List<Tensor> bnW = network.weights("bn");
    Tensor bn = ReferenceOps.batchNorm(c, bnW.get(0), bnW.get(1), bnW.get(2), bnW.get(3), EPS);
    Tensor relu = ReferenceOps.relu(bn);
    Tensor pool = ReferenceOps.maxPool(ReferenceOps.pad(relu, 1), 3, 2);
    Tensor out = ReferenceOps.add(pool, ReferenceOps.conv(pool, network.weights("branch").get(0), null, 1));
    Tensor gap = ReferenceOps.globalAveragePool(out);
    List<Tensor> dense = network.weights("predictions");
    Tensor probs = ReferenceOps.denseSoftmax(gap, dense.get(0), dense.get(1));

    assertClose(pad, tf.get("pad"));
    assertClose(c, tf.get("conv"));
    assertClose(bn, tf.get("bn"));
    assertClose(relu, tf.get("relu"));
    assertClose(pool, tf.get("pool"));
    assertClose(out, tf.get("out"));
    assertClose(gap, tf.get("gap"));
    assertClose(probs, tf.get("predictions"));
    assertEquals(List.of("pad", "conv", "bn", "relu", "pool", "out", "gap", "predictions"), tf.names());
  }

  @Test
  void unknownLayerIsRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> service.run(random(1, 11, 11, 3), List.of("nope")));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void reloadFromTheCacheGivesIdenticalActivations() throws Exception {
    Tensor x = random(1, 11, 11, 3);
    Activations first = service.run(x, List.of("predictions", "out"));
    try (ModelService reloaded = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      Activations second = reloaded.run(x, List.of("predictions", "out"));
      assertArrayEquals(first.get("out").data(), second.get("out").data());
      assertArrayEquals(first.get("predictions").data(), second.get("predictions").data());
    }
  }

  static void assertClose(Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      float e = expected.data()[i];
      assertEquals(e, actual.data()[i], 1e-4 + 1e-4 * Math.abs(e), "value " + i);
    }
  }
}
