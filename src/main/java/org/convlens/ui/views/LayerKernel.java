package org.convlens.ui.views;

import java.util.Objects;
import org.convlens.tensor.Tensor;

/**
 * The kernel a view shows now, for "Export activations (.npy)" on the Filters tab: its layer (with the part
 * of a separable one), the file name to suggest, and the weights as Keras stores them.
 */
public record LayerKernel(String layer, String suggestedFileName, Tensor kernel) {
  public LayerKernel {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(suggestedFileName, "suggestedFileName");
    Objects.requireNonNull(kernel, "kernel");
  }
}
