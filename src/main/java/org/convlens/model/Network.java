package org.convlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convlens.tensor.Tensor;

/**
 * A layer graph with its weights, checked to fit: every weighted layer has its weights, in Keras's order and
 * with the expected shapes. This is what the inference stage turns into a runnable model. It also knows which
 * layers to show as stages and which one (if any) gives ImageNet class probabilities: a built-in model's own,
 * otherwise found from the graph's shapes.
 */
public final class Network {
  /** The name Keras gives a classifier's output layer; a graph with one predicts classes. */
  public static final String KERAS_PREDICTIONS = "predictions";

  private final LayerGraph graph;
  private final Map<String, List<Tensor>> weights;
  private final WeightsOrigin origin;
  private final List<NetworkStage> stages;
  private final String predictionsLayer;

  private Network(LayerGraph graph, Map<String, List<Tensor>> weights, WeightsOrigin origin,
      List<NetworkStage> stages, String predictionsLayer) {
    this.graph = graph;
    this.weights = weights;
    this.origin = origin;
    this.stages = stages;
    this.predictionsLayer = predictionsLayer;
  }

  /**
   * Matches weights to layers by layer name, as Keras's {@code load_weights(by_name=True)} does; layers in
   * {@code weightsByLayer} that the graph lacks are ignored.
   *
   * @throws WeightsMismatchException naming the layer and both shapes when something does not fit
   */
  public static Network bind(LayerGraph graph, Map<String, List<Tensor>> weightsByLayer, WeightsOrigin origin) {
    Map<String, List<Tensor>> bound = new LinkedHashMap<>();
    for (String layer : graph.weightedLayers()) {
      List<WeightSpec> specs = graph.weightSpecs(layer);
      List<Tensor> given = weightsByLayer.get(layer);
      if (given == null || given.isEmpty()) {
        throw new WeightsMismatchException(
            "the weights (" + origin.description() + ") have no layer '" + layer + "', which " + graph.name()
                + " needs; is this file for another model?");
      }
      if (given.size() != specs.size()) {
        throw new WeightsMismatchException(
            "layer '" + layer + "' expects " + specs.size() + " weights " + names(specs) + " but the weights ("
                + origin.description() + ") have " + given.size());
      }
      for (int i = 0; i < specs.size(); i++) {
        int[] expected = specs.get(i).shape();
        int[] actual = given.get(i).shape();
        if (!Arrays.equals(expected, actual)) {
          throw new WeightsMismatchException(
              "layer '" + layer + "' weight '" + specs.get(i).name() + "': expected shape "
                  + Tensor.formatShape(expected) + ", the weights (" + origin.description() + ") have "
                  + Tensor.formatShape(actual));
        }
      }
      bound.put(layer, List.copyOf(given));
    }
    return new Network(graph, bound, origin, Stages.of(graph),
        graph.contains(KERAS_PREDICTIONS) ? KERAS_PREDICTIONS : null);
  }

  /**
   * This network with a known model's stages and predictions layer (a built-in application's) instead of those
   * found from the shapes; a predictions layer the graph lacks (the head left out) means none.
   *
   * @throws IllegalArgumentException when a stage's layer is not in the graph
   */
  public Network withStages(List<NetworkStage> knownStages, String predictions) {
    for (NetworkStage stage : knownStages) {
      graph.layer(stage.layer());
    }
    String layer = predictions != null && graph.contains(predictions) ? predictions : null;
    return new Network(graph, weights, origin, List.copyOf(knownStages), layer);
  }

  private static List<String> names(List<WeightSpec> specs) {
    List<String> names = new ArrayList<>();
    specs.forEach(s -> names.add(s.name()));
    return names;
  }

  public LayerGraph graph() {
    return graph;
  }

  public WeightsOrigin origin() {
    return origin;
  }

  /** The weights of a layer in Keras's order; empty for weightless layers. */
  public List<Tensor> weights(String layer) {
    graph.layer(layer);
    return weights.getOrDefault(layer, List.of());
  }

  /** The first convolution's kernel, {@code [kh, kw, in, out]}: the filters that look at pixels. */
  public Tensor firstConvKernel() {
    return weights(graph.firstConvLayer()).get(0);
  }

  /** The layers worth a tab of their own, in order. */
  public List<NetworkStage> stages() {
    return stages;
  }

  /** {@link #stages} as stage name to layer name, in order. */
  public Map<String, String> stageLayers() {
    Map<String, String> map = new LinkedHashMap<>();
    stages.forEach(s -> map.put(s.name(), s.layer()));
    return map;
  }

  /** The layer giving class probabilities; empty when the network has no classification head. */
  public Optional<String> predictionsLayer() {
    return Optional.ofNullable(predictionsLayer);
  }

  /** Whether the network ends in a classification head, so it can predict classes. */
  public boolean hasPredictions() {
    return predictionsLayer != null;
  }
}
