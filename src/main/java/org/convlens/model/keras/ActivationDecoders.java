package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.ActivationLayers;

/** Keras configs of the {@link ActivationLayers} family. */
final class ActivationDecoders {
  private ActivationDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("Activation", c -> new ActivationLayers.Activation(c.activation()));
    into.put("ReLU", c -> new ActivationLayers.ReLU(c.number("max_value", ActivationLayers.ReLU.UNCAPPED),
        c.number("negative_slope", 0f), c.number("threshold", 0f)));
    // Keras 2 calls the slope alpha, Keras 3 negative_slope; both default to 0.3.
    into.put("LeakyReLU", c -> new ActivationLayers.LeakyReLU(c.number("negative_slope", c.number("alpha", 0.3f))));
    into.put("PReLU", c -> new ActivationLayers.PReLU(c.has("shared_axes") ? c.ints("shared_axes") : new int[0]));
    into.put("ELU", c -> new ActivationLayers.ELU(c.number("alpha", 1f)));
    into.put("Softmax", c -> new ActivationLayers.Softmax(c.axis("axis", -1)));
  }
}
