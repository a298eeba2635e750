package org.convlens.explain;

import java.util.Locale;
import org.convlens.tensor.Tensor;
import org.convlens.viz.HeatOverlay;

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
  /** Saliency and SmoothGrad maps are shown divided by this quantile of their values, capped at 1. */
  public static final double DISPLAY_QUANTILE = 0.99;

  public Heatmap {
    if (map.rank() != 2) {
      throw new IllegalArgumentException("a heat map is [h, w], not " + Tensor.formatShape(map.shape()));
    }
  }

  /**
   * The map as drawn: Grad-CAM as it is; a saliency or SmoothGrad map stretched (divided by its {@link
   * #DISPLAY_QUANTILE} and capped at 1), since as computed it is sparse and faint: its few largest gradients
   * would leave the rest of the picture uncoloured. The map itself (and the .npy) keeps the raw values.
   */
  public Tensor displayed() {
    return method == Method.GRADCAM ? map : HeatOverlay.clippedAt(map, DISPLAY_QUANTILE);
  }

  /** How {@link #displayed} differs from the map, for legends and PNG text; empty when it is the map itself. */
  public String displayNote() {
    return method == Method.GRADCAM ? "" : String.format(Locale.ROOT, "map divided by its %dth percentile, capped at 1",
        Math.round(DISPLAY_QUANTILE * 100));
  }
}
