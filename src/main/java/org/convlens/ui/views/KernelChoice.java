package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.convlens.viz.FilterKernel;

/**
 * One kernel the Filters tab can show: a convolution layer's kernel, or one of a SeparableConv2D's two
 * ({@code part} "depthwise" or "pointwise"; empty for the other layers).
 */
record KernelChoice(String layer, String part, String type, FilterKernel kernel) {

  /** Every convolution kernel of {@code network}, in layer order; a shared layer's later calls are left out. */
  static List<KernelChoice> of(Network network) {
    List<KernelChoice> choices = new ArrayList<>();
    for (Layer l : network.graph().layers()) {
      if (!LayerGraph.weightsOwner(l.name()).equals(l.name())) {
        continue; // the same weights as the first call
      }
      List<Tensor> w = network.weights(l.name());
      String type = l.type();
      if (l.config() instanceof Convolutions.Conv2D c) {
        choices.add(new KernelChoice(l.name(), "", type, new FilterKernel(w.get(0), FilterKernel.Kind.CONV, c.groups())));
      } else if (l.config() instanceof Convolutions.DepthwiseConv2D) {
        choices.add(new KernelChoice(l.name(), "", type, new FilterKernel(w.get(0), FilterKernel.Kind.DEPTHWISE, 1)));
      } else if (l.config() instanceof Convolutions.SeparableConv2D) {
        choices.add(new KernelChoice(l.name(), "depthwise", type,
            new FilterKernel(w.get(0), FilterKernel.Kind.DEPTHWISE, 1)));
        choices.add(new KernelChoice(l.name(), "pointwise", type, FilterKernel.conv(w.get(1))));
      } else if (l.config() instanceof Convolutions.Conv2DTranspose) {
        choices.add(new KernelChoice(l.name(), "", type, new FilterKernel(w.get(0), FilterKernel.Kind.TRANSPOSED, 1)));
      }
    }
    return choices;
  }

  /** The layer, and the part for a separable one: {@code block1_sepconv1 (depthwise)}. */
  String name() {
    return part.isEmpty() ? layer : layer + " (" + part + ")";
  }

  /** For file names: {@code conv_dw_1}, {@code block1_sepconv1-depthwise}. */
  String fileStem() {
    return part.isEmpty() ? layer : layer + "-" + part;
  }

  /** What the chooser lists: {@code conv_dw_1 · DepthwiseConv2D 3×3}. */
  String label() {
    return name() + " · " + type + " " + kernel.height() + "×" + kernel.width();
  }
}
