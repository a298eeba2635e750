package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.WeightSpec;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/**
 * A small model in our layer graph, built from layers that read the input or each other, with random weights,
 * run through TensorFlow: what each family's test compares with its plain-Java reference.
 */
final class LayerHarness implements AutoCloseable {
  static final String INPUT = "input_1";

  private final List<Layer> layers = new ArrayList<>();
  private final SplittableRandom random;
  private final int[] inputShape;
  private Network network;
  private ModelService service;

  LayerHarness(long seed, int... inputShape) {
    this.random = new SplittableRandom(seed);
    this.inputShape = inputShape.clone();
    layers.add(new Layer(INPUT, new LayerConfig.Input(inputShape[0], inputShape[1], inputShape[2]), List.of()));
  }

  /** Adds a layer reading {@code inbound} (the input when none is given). */
  LayerHarness add(String name, LayerConfig config, String... inbound) {
    layers.add(new Layer(name, config, inbound.length == 0 ? List.of(INPUT) : List.of(inbound)));
    return this;
  }

  /** Binds random weights (positive variances and counts) and builds the TensorFlow model. */
  LayerHarness open(Path cacheDir) throws Exception {
    TestRuntime.start();
    LayerGraph graph = new LayerGraph("harness", layers);
    Map<String, List<Tensor>> weights = new LinkedHashMap<>();
    for (String layer : graph.weightedLayers()) {
      List<Tensor> tensors = new ArrayList<>();
      for (WeightSpec spec : graph.weightSpecs(layer)) {
        boolean positive = spec.name().contains("variance") || spec.name().equals("count");
        tensors.add(positive ? positive(spec.shape()) : random(spec.shape()));
      }
      weights.put(layer, tensors);
    }
    network = Network.bind(graph, weights, new WeightsOrigin("random test weights", false, "h-" + System.nanoTime()));
    service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE);
    return this;
  }

  Tensor random(int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextGaussian();
    }
    return t;
  }

  Tensor positive(int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) (0.5 + random.nextDouble());
    }
    return t;
  }

  /** A random input image, batch dimension dropped. */
  Tensor input() {
    return random(inputShape);
  }

  List<Tensor> weights(String layer) {
    return network.weights(layer);
  }

  /** Every non-input layer's output for {@code x}, batch dimension dropped. */
  Activations run(Tensor x) throws Exception {
    int[] batched = new int[x.rank() + 1];
    batched[0] = 1;
    System.arraycopy(x.shape(), 0, batched, 1, x.rank());
    List<String> names = new ArrayList<>();
    layers.stream().skip(1).forEach(l -> names.add(l.name()));
    return service.run(x.reshape(batched), names);
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
  }

  /** Equal shapes and values within 1e-4 relative (plus 1e-4 absolute for values near zero). */
  static void assertClose(Tensor expected, Tensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    for (int i = 0; i < expected.size(); i++) {
      float e = expected.data()[i];
      assertEquals(e, actual.data()[i], 1e-4 + 1e-4 * Math.abs(e), what + ": value " + i);
    }
  }
}
