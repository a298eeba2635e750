package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.convlens.model.Layer;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsMismatchException;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * A built-in model's weights file written by old Keras, whose automatic layer names ({@code conv2d_1,
 * batch_normalization_1, ...}, 1-based per class) are not today's: bound by position as Keras's legacy HDF5 loader
 * does, every shape checked, and said so in the weights' description; a file with another number of layers with
 * weights is refused in words.
 */
class PositionalWeightsTest {
  private static final Application APP = Applications.MOBILENETV2;

  @Test
  void oldKerasNamesBindByPositionWithAndWithoutTheHead() throws Exception {
    for (boolean top : List.of(true, false)) {
      LayerGraph graph = APP.graph(top);
      Map<String, List<Tensor>> weights = UntrainedWeights.generate(graph, 7);
      Path file = TestModels.newFolder("positional-" + top).resolve("mobilenet_v2_old_keras.h5");
      List<KerasLayer> layers = oldKerasLayers(graph, weights);
      assertFalse(layers.stream().anyMatch(l -> l.name().equals("Conv1")), "the names really differ");
      KerasH5Writer.write(file, layers);

      Network network = NetworkLoader.fromFile(file, APP, null);

      assertEquals(top, network.graph().contains(APP.predictionsLayer()), "the head follows the layer count");
      assertTrue(network.origin().description().contains("matched by position"), network.origin().description());
      for (String layer : graph.weightedLayers()) {
        List<Tensor> expected = weights.get(layer);
        List<Tensor> bound = network.weights(layer);
        assertEquals(expected.size(), bound.size(), layer);
        for (int i = 0; i < expected.size(); i++) {
          assertArrayEquals(expected.get(i).data(), bound.get(i).data(), layer + " weight " + i);
        }
      }
    }
  }

  @Test
  void todaysNamesStillBindByName() throws Exception {
    LayerGraph graph = APP.graph(false);
    Map<String, List<Tensor>> weights = UntrainedWeights.generate(graph, 7);
    Path file = TestModels.newFolder("by-name").resolve("w.h5");
    List<KerasLayer> layers = new ArrayList<>();
    for (String layer : graph.weightedLayers()) {
      layers.add(kerasLayer(layer, weights.get(layer)));
    }
    // Another order than the graph's: by name it does not matter.
    java.util.Collections.reverse(layers);
    KerasH5Writer.write(file, layers);
    Network network = NetworkLoader.fromFile(file, APP, null);
    assertFalse(network.origin().description().contains("position"), network.origin().description());
    assertArrayEquals(weights.get("Conv1").get(0).data(), network.weights("Conv1").get(0).data());
  }

  @Test
  void aFileWithAnotherLayerCountIsRefusedInWords() throws Exception {
    LayerGraph graph = APP.graph(false);
    List<KerasLayer> layers = new ArrayList<>(oldKerasLayers(graph, UntrainedWeights.generate(graph, 7)));
    layers.remove(indexOf(layers, "batch_normalization_2"));
    Path file = TestModels.newFolder("positional-short").resolve("w.h5");
    KerasH5Writer.write(file, layers);
    var e = assertThrows(WeightsMismatchException.class, () -> NetworkLoader.fromFile(file, APP, null));
    int expected = graph.weightedLayers().size();
    assertTrue(e.getMessage().contains("lack layer 'Conv1'") && e.getMessage().contains("by position")
        && e.getMessage().contains(" " + expected + ",") && e.getMessage().contains(" " + (expected - 1) + ";"),
        e.getMessage());
  }

  @Test
  void aShapeMismatchNamesBothLayersAndShapes() throws Exception {
    LayerGraph graph = APP.graph(false);
    List<KerasLayer> layers = new ArrayList<>(oldKerasLayers(graph, UntrainedWeights.generate(graph, 7)));
    // Swap the first conv and the first batch norm: same count, wrong shapes.
    int conv = indexOf(layers, "conv2d_1");
    int bn = indexOf(layers, "batch_normalization_1");
    KerasLayer first = layers.get(conv);
    layers.set(conv, layers.get(bn));
    layers.set(bn, first);
    Path file = TestModels.newFolder("positional-shape").resolve("w.h5");
    KerasH5Writer.write(file, layers);
    var e = assertThrows(WeightsMismatchException.class, () -> NetworkLoader.fromFile(file, APP, null));
    assertTrue(e.getMessage().contains("'Conv1'") && e.getMessage().contains("'batch_normalization_1'")
        && e.getMessage().contains("by position"), e.getMessage());
  }

  /** The graph's layers, weightless ones too, under Keras 2.0's automatic names, in graph order. */
  private static List<KerasLayer> oldKerasLayers(LayerGraph graph, Map<String, List<Tensor>> weights) {
    Map<String, Integer> perClass = new HashMap<>();
    List<KerasLayer> layers = new ArrayList<>();
    for (Layer layer : graph.layers()) {
      String base = snakeCase(layer.type());
      String name = base + "_" + perClass.merge(base, 1, Integer::sum);
      layers.add(kerasLayer(name, weights.getOrDefault(layer.name(), List.of())));
    }
    return layers;
  }

  private static KerasLayer kerasLayer(String name, List<Tensor> values) {
    List<KerasWeight> vars = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      vars.add(new KerasWeight(name + "/w" + i + ":0", values.get(i)));
    }
    return new KerasLayer(name, vars);
  }

  /** Keras's {@code to_snake_case}: Conv2D to conv2d, BatchNormalization to batch_normalization. */
  private static String snakeCase(String className) {
    return className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }

  private static int indexOf(List<KerasLayer> layers, String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no layer " + name);
  }
}
