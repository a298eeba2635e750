package org.convlens.model.applications;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/**
 * Records layers as a Keras application's source calls them, and hands them out as Keras 3's Functional model
 * lists them. Two Keras habits are reproduced: a layer the source leaves unnamed is named after its class,
 * numbered per class in a fresh session ({@code conv2d}, {@code conv2d_1}, ...), and the model's layers are ordered
 * by {@code keras/src/ops/function.py} {@code map_graph} (by depth from the output, then by first visit of a
 * depth-first walk from the output), not in the order the source made them. A layer named {@code outer/inner} sits
 * inside the nested model {@code outer} (a Sequential), as the generic importer names nested layers; the nested
 * model is one operation of the outer graph.
 */
final class FunctionalBuilder {
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, int[]> shapes = new HashMap<>();
  private final Map<String, Integer> unnamed = new HashMap<>();

  /** The image input, {@code size x size x 3}, named as Keras 3 names an unnamed {@code Input}. */
  String input(int size) {
    return add("input_layer", new LayerConfig.Input(size, size, 3));
  }

  /** Adds a named layer; returns its name, the tensor the next layer reads. */
  String add(String name, LayerConfig config, String... inbound) {
    List<int[]> inputs = new ArrayList<>();
    for (String in : inbound) {
      inputs.add(shape(in));
    }
    shapes.put(name, config.outputShape(inputs));
    layers.add(new Layer(name, config, List.of(inbound)));
    return name;
  }

  /** Adds a layer the Keras source leaves unnamed, with the name Keras 3 gives it ({@code base}, {@code base_1}). */
  String auto(String base, LayerConfig config, String... inbound) {
    int n = unnamed.merge(base, 1, Integer::sum) - 1;
    return add(n == 0 ? base : base + "_" + n, config, inbound);
  }

  /** Output shape of a layer added so far, batch dimension dropped. */
  int[] shape(String layer) {
    int[] shape = shapes.get(layer);
    if (shape == null) {
      throw new IllegalArgumentException("no layer '" + layer + "' yet");
    }
    return shape.clone();
  }

  /** The channels (last dimension) of a layer added so far. */
  int channels(String layer) {
    int[] s = shape(layer);
    return s[s.length - 1];
  }

  /** The graph whose output is the last layer added, its layers in Keras's order. */
  LayerGraph graph(String name) {
    Map<String, List<Layer>> operations = new LinkedHashMap<>();
    Map<String, String> operationOf = new HashMap<>();
    for (Layer layer : layers) {
      String op = operation(layer.name());
      operations.computeIfAbsent(op, k -> new ArrayList<>()).add(layer);
      operationOf.put(layer.name(), op);
    }
    Map<String, List<String>> parents = new HashMap<>();
    operations.forEach((op, members) -> {
      Set<String> in = new LinkedHashSet<>();
      members.forEach(l -> l.inbound().stream().map(operationOf::get).filter(p -> !p.equals(op)).forEach(in::add));
      parents.put(op, List.copyOf(in));
    });
    // _build_map: depth-first from the output, numbering operations on first visit, listing them when finished.
    Map<String, Integer> visit = new HashMap<>();
    List<String> finished = new ArrayList<>();
    walk(operationOf.get(layers.get(layers.size() - 1).name()), parents, visit, finished);
    // map_graph: an operation's depth is the longest path from it to the output.
    Map<String, Integer> depth = new HashMap<>();
    for (int i = finished.size() - 1; i >= 0; i--) {
      String op = finished.get(i);
      int d = depth.computeIfAbsent(op, k -> 0);
      for (String p : parents.get(op)) {
        depth.merge(p, d + 1, Math::max);
      }
    }
    List<String> order = new ArrayList<>(finished);
    order.sort((a, b) -> depth.get(a).equals(depth.get(b)) ? Integer.compare(visit.get(a), visit.get(b))
        : Integer.compare(depth.get(b), depth.get(a)));
    List<Layer> sorted = new ArrayList<>();
    order.forEach(op -> sorted.addAll(operations.get(op)));
    if (sorted.size() != layers.size()) {
      throw new IllegalStateException("layers of " + name + " that do not lead to its output");
    }
    return new LayerGraph(name, sorted);
  }

  private static void walk(String op, Map<String, List<String>> parents, Map<String, Integer> visit,
      List<String> finished) {
    if (visit.containsKey(op)) {
      return;
    }
    visit.put(op, visit.size());
    for (String p : parents.get(op)) {
      walk(p, parents, visit, finished);
    }
    finished.add(op);
  }

  private static String operation(String layer) {
    int slash = layer.indexOf('/');
    return slash < 0 ? layer : layer.substring(0, slash);
  }
}
