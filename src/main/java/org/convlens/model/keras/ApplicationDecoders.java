package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.ApplicationLayers;

/** The custom layers Keras's applications register, recognised by class name (Keras 3 legacy .h5 keeps no module). */
final class ApplicationDecoders {
  private ApplicationDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("LayerScale", c -> new ApplicationLayers.LayerScale(c.number("init_values", 1e-6f),
        c.integer("projection_dim")));
  }
}
