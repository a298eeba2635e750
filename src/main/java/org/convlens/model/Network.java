package org.convlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.tensor.Tensor;

/**
 * A layer graph with its weights, checked to fit: every weighted layer has its weights, in Keras's order and
 * with the expected shapes. This is what the inference stage turns into a runnable model.
 */
public final class Network {
  private final LayerGraph graph;
  private final Map<String, List<Tensor>> weights;
  private final WeightsOrigin origin;

  private Network(LayerGraph graph, Map<String, List<Tensor>> weights, WeightsOrigin origin) {
    this.graph = graph;
    this.weights = weights;
    this.origin = origin;
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
    return new Network(graph, bound, origin);
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

  /** Whether the network ends in the 1000-class ImageNet head, so it can predict classes. */
  public boolean hasPredictions() {
    return graph.contains(ResNet50V2.PREDICTIONS);
  }
}
