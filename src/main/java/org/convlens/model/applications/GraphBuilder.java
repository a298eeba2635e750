package org.convlens.model.applications;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/**
 * Collects the layers of one application in Keras's construction order. It knows shapes as it goes (MobileNetV2
 * and DenseNet size layers from their input's channels) and names unnamed layers as a fresh Keras 3 session does:
 * {@code input_layer}, then per kind {@code zero_padding2d}, {@code zero_padding2d_1}, ...
 */
final class GraphBuilder {
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();
  private final Map<String, Integer> autoNames = new HashMap<>();

  /** The image input, {@code size x size x 3}, named as Keras 3 names an unnamed {@code Input}. */
  String input(int size) {
    return add("input_layer", new LayerConfig.Input(size, size, 3));
  }

  String add(String name, LayerConfig config, String... inbound) {
    List<int[]> in = new ArrayList<>();
    for (String i : inbound) {
      in.add(shapes.get(i));
    }
    shapes.put(name, config.outputShape(in));
    layers.add(new Layer(name, config, List.of(inbound)));
    return name;
  }

  /** A layer the Keras source leaves unnamed: {@code base}, then {@code base_1}, {@code base_2}, ... */
  String unnamed(String base, LayerConfig config, String... inbound) {
    int n = autoNames.merge(base, 1, Integer::sum) - 1;
    return add(n == 0 ? base : base + "_" + n, config, inbound);
  }

  /** Output shape of a layer added so far, batch dimension dropped. */
  int[] shape(String layer) {
    return shapes.get(layer).clone();
  }

  int channels(String layer) {
    int[] s = shapes.get(layer);
    return s[s.length - 1];
  }

  /** The graph, its layers in the order Keras lists a Functional model's operations. */
  LayerGraph graph(String modelName) {
    return new LayerGraph(modelName, kerasOrder(layers));
  }

  /**
   * Keras 3's {@code map_graph} ({@code keras/src/ops/function.py}): layers by decreasing depth (the longest path
   * to the output), ties by when a depth-first walk from the output, inputs in order, first reaches them. So a
   * ResNet block's shortcut convolution comes after the residual branch's middle layers, as in Keras's summary.
   */
  static List<Layer> kerasOrder(List<Layer> layers) {
    Map<String, Layer> byName = new LinkedHashMap<>();
    layers.forEach(l -> byName.put(l.name(), l));
    Map<String, Integer> depth = new HashMap<>();
    depth.put(layers.get(layers.size() - 1).name(), 0);
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer l = layers.get(i);
      int d = depth.getOrDefault(l.name(), 0);
      for (String in : l.inbound()) {
        depth.merge(in, d + 1, Math::max);
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    List<String> stack = new ArrayList<>(List.of(layers.get(layers.size() - 1).name()));
    while (!stack.isEmpty()) {
      String name = stack.remove(stack.size() - 1);
      if (seen.putIfAbsent(name, seen.size()) == null) {
        List<String> in = byName.get(name).inbound();
        for (int i = in.size() - 1; i >= 0; i--) {
          stack.add(in.get(i));
        }
      }
    }
    List<Layer> sorted = new ArrayList<>(layers);
    sorted.sort(java.util.Comparator.<Layer>comparingInt(l -> -depth.get(l.name()))
        .thenComparingInt(l -> seen.get(l.name())));
    return sorted;
  }
}
