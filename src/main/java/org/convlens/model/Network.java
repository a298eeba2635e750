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
  private final ModelSignature signature;

  private Network(LayerGraph graph, Map<String, List<Tensor>> weights, WeightsOrigin origin,
      List<NetworkStage> stages, String predictionsLayer, ModelSignature signature) {
    this.graph = graph;
    this.weights = weights;
    this.origin = origin;
    this.stages = stages;
    this.predictionsLayer = predictionsLayer;
    this.signature = signature;
  }

  /**
   * A TensorFlow SavedModel run as it is ({@link SignatureNetwork}): its graph holds the signature's outputs, and
   * the weights stay in the SavedModel's variables.
   */
  static Network ofSignature(LayerGraph graph, ModelSignature signature, WeightsOrigin origin,
      List<NetworkStage> stages, String predictions) {
    return new Network(graph, Map.of(), origin, List.copyOf(stages), predictions, signature);
  }

  /** The SavedModel's signature for a network run from a SavedModel as it is; empty for a Keras model. */
  public Optional<ModelSignature> signature() {
    return Optional.ofNullable(signature);
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
        graph.contains(KERAS_PREDICTIONS) ? KERAS_PREDICTIONS : null, null);
  }

  /**
   * Binds a built-in application's weights file as Keras's legacy HDF5 loader does
   * ({@code load_weights_from_hdf5_group}): by name when the file has every weighted layer's name, otherwise by
   * position, the file's layers with weights in its order against the graph's. Official files written by old
   * Keras (Xception's, InceptionV3's) carry its automatic names ({@code conv2d_1, batch_normalization_1, ...}),
   * which today's Keras names differently.
   *
   * @param inFileOrder the file's layers with their weights, in the file's {@code layer_names} order
   * @throws WeightsMismatchException when the counts differ, or naming the first layer whose weights do not fit
   */
  public static Network bindByNameOrPosition(LayerGraph graph, LinkedHashMap<String, List<Tensor>> inFileOrder,
      WeightsOrigin origin) {
    if (inFileOrder.keySet().containsAll(graph.weightedLayers())) {
      return bind(graph, inFileOrder, origin);
    }
    List<String> ours = graph.weightedLayers();
    List<Map.Entry<String, List<Tensor>>> theirs = inFileOrder.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty()).toList();
    String missing = ours.stream().filter(l -> !inFileOrder.containsKey(l)).findFirst().orElseThrow();
    if (theirs.size() != ours.size()) {
      throw new WeightsMismatchException("the weights (" + origin.description() + ") lack layer '" + missing
          + "' of " + graph.name() + ", and matching by position (as Keras does for such files) needs as many "
          + "layers with weights as the model's " + ours.size() + ", but the file has " + theirs.size()
          + "; is this file for another model?");
    }
    Map<String, List<Tensor>> renamed = new LinkedHashMap<>();
    for (int i = 0; i < ours.size(); i++) {
      String layer = ours.get(i);
      String fileLayer = theirs.get(i).getKey();
      List<Tensor> given = theirs.get(i).getValue();
      List<WeightSpec> specs = graph.weightSpecs(layer);
      String where = "matched by position, layer " + (i + 1) + " of " + ours.size() + " with weights: "
          + graph.name() + "'s '" + layer + "' and the file's '" + fileLayer + "'";
      if (given.size() != specs.size()) {
        throw new WeightsMismatchException(where + ": expected " + specs.size() + " weights " + names(specs)
            + ", the weights (" + origin.description() + ") have " + given.size() + "; is this file for another "
            + "model?");
      }
      for (int w = 0; w < specs.size(); w++) {
        if (!Arrays.equals(specs.get(w).shape(), given.get(w).shape())) {
          throw new WeightsMismatchException(where + ": weight '" + specs.get(w).name() + "' expected shape "
              + Tensor.formatShape(specs.get(w).shape()) + ", the weights (" + origin.description() + ") have "
              + Tensor.formatShape(given.get(w).shape()) + "; is this file for another model?");
        }
      }
      renamed.put(layer, given);
    }
    WeightsOrigin byPosition = new WeightsOrigin(origin.description() + "; matched by position (its layer names "
        + "are older Keras's)", origin.untrained(), origin.cacheKey());
    return bind(graph, renamed, byPosition);
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
    return new Network(graph, weights, origin, List.copyOf(knownStages), layer, signature);
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
