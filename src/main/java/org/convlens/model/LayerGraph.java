package org.convlens.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A network as Keras describes it: named layers in topological order, each with its inbound layers. Shapes
 * and expected weights are derived once here, so a graph that does not fit together fails when it is made,
 * with the layer's name, not later inside TensorFlow.
 */
public final class LayerGraph {
  private final String name;
  private final Map<String, Layer> layers;
  private final Map<String, int[]> shapes;
  private final String output;
  private final List<String> notes;
  private final Set<String> frozen;

  /**
   * @param name the model's name, e.g. {@code resnet50v2}
   * @param layers every layer, each after all of its inbound layers; the first is the input
   */
  public LayerGraph(String name, List<Layer> layers) {
    this(name, layers, List.of());
  }

  /**
   * @param notes what a reader of the summary must know about how the model was read (e.g. a channels_first
   *     model run channels-last)
   */
  public LayerGraph(String name, List<Layer> layers, List<String> notes) {
    this(name, layers, notes, Set.of());
  }

  /**
   * @param frozen the layers whose weights Keras counts as non-trainable ({@code trainable: false}, or inside a
   *     frozen nested model)
   */
  public LayerGraph(String name, List<Layer> layers, List<String> notes, Set<String> frozen) {
    if (layers.isEmpty() || !(layers.get(0).config() instanceof LayerConfig.Input)) {
      throw new IllegalArgumentException("a layer graph starts with its Input layer");
    }
    this.name = name;
    this.layers = new LinkedHashMap<>();
    this.shapes = new LinkedHashMap<>();
    for (Layer layer : layers) {
      if (this.layers.containsKey(layer.name())) {
        throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
      }
      List<int[]> inputShapes = new ArrayList<>();
      for (String in : layer.inbound()) {
        int[] shape = shapes.get(in);
        if (shape == null) {
          throw new IllegalArgumentException(
              "layer '" + layer.name() + "' reads '" + in + "', which is not defined before it");
        }
        inputShapes.add(shape);
      }
      try {
        shapes.put(layer.name(), layer.config().outputShape(inputShapes));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer '" + layer.name() + "': " + e.getMessage(), e);
      }
      this.layers.put(layer.name(), layer);
    }
    this.output = layers.get(layers.size() - 1).name();
    this.notes = List.copyOf(notes);
    this.frozen = Set.copyOf(frozen);
  }

  /** Whether Keras counts the layer's weights as trainable (a frozen layer's are not). */
  public boolean trainable(String layerName) {
    return !frozen.contains(layerName);
  }

  /**
   * The layer whose weights a layer uses: itself, or for a later call of a shared layer ({@code conv@1}, or
   * {@code base@1/conv} for a nested model called twice), the first call's layer ({@code conv}, {@code base/conv}).
   */
  public static String weightsOwner(String layerName) {
    return layerName.replaceAll("@\\d+", "");
  }

  /** Remarks on how the model was read, for the summary; usually none. */
  public List<String> notes() {
    return notes;
  }

  public String name() {
    return name;
  }

  /** All layers in order, the input first. */
  public List<Layer> layers() {
    return List.copyOf(layers.values());
  }

  public List<String> layerNames() {
    return List.copyOf(layers.keySet());
  }

  public boolean contains(String layer) {
    return layers.containsKey(layer);
  }

  public Layer layer(String layerName) {
    Layer layer = layers.get(layerName);
    if (layer == null) {
      throw new NoSuchElementException("model " + name + " has no layer named '" + layerName + "'");
    }
    return layer;
  }

  public Layer input() {
    return layers.values().iterator().next();
  }

  /** The last layer: the model's output. */
  public String outputLayer() {
    return output;
  }

  /** Output shape of a layer, batch dimension dropped. */
  public int[] outputShape(String layerName) {
    layer(layerName);
    return shapes.get(layerName).clone();
  }

  /** The weights a layer expects, in Keras's order. */
  public List<WeightSpec> weightSpecs(String layerName) {
    Layer layer = layer(layerName);
    List<int[]> inputs = new ArrayList<>();
    for (String in : layer.inbound()) {
      inputs.add(shapes.get(in));
    }
    return layer.config().weightSpecs(inputs);
  }

  /** Layers that have weights, in order. */
  public List<String> weightedLayers() {
    List<String> names = new ArrayList<>();
    for (String layerName : layers.keySet()) {
      if (!weightSpecs(layerName).isEmpty()) {
        names.add(layerName);
      }
    }
    return Collections.unmodifiableList(names);
  }

  /** The layers whose output is a spatial map (height, width, channels), in order, the input excluded. */
  public List<String> mapLayers() {
    String input = input().name();
    return layers.keySet().stream().filter(n -> !n.equals(input) && shapes.get(n).length == 3).toList();
  }

  /** The first Conv2D layer: the one whose filters look at pixels. */
  public String firstConvLayer() {
    return layers.values().stream()
        .filter(l -> l.config() instanceof Convolutions.Conv2D)
        .map(Layer::name)
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("model " + name + " has no Conv2D layer"));
  }
}
