package org.convlens.explain;

import org.convlens.tensor.Tensor;

/**
 * A class map: where in the image the evidence for a class lies.
 *
 * @param map {@code [h, w]}, values in [0, 1], maximum 1 unless all zero: the layer's grid for Grad-CAM, the
 *     input's for saliency
 * @param method how it was computed
 * @param layer the layer it was taken at (the input layer for saliency)
 * @param classIndex the class explained
 * @param score that class's score (its logit)
 */
public record Heatmap(Tensor map, Method method, String layer, int classIndex, float score) {
  public Heatmap {
    if (map.rank() != 2) {
      throw new IllegalArgumentException("a heat map is [h, w], not " + Tensor.formatShape(map.shape()));
    }
  }
}
