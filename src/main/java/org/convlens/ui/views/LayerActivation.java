package org.convlens.ui.views;

import java.util.Objects;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Tensor;

/**
 * The activation a view shows now, for "Export activations (.npy)": the layer, its tensor as the model produced
 * it (not the rendered picture) and the analysis it belongs to.
 */
public record LayerActivation(String layer, Tensor activation, Analysis analysis) {
  public LayerActivation {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(analysis, "analysis");
  }
}
