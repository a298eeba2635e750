package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.Map;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig;

/** Keras configs of the input, of {@link CoreLayers} (Dense) and of the layers that act only in training. */
final class CoreDecoders {
  private CoreDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("InputLayer", CoreDecoders::input);
    into.put("Dense", c -> new CoreLayers.Dense(c.integer("units"), c.flag("use_bias", true), c.activation()));
    for (String kind : CoreLayers.TrainingOnly.KINDS) {
      into.put(kind, c -> new CoreLayers.TrainingOnly(kind));
    }
  }

  /**
   * An image input, {@code [batch, height, width, channels]}: Keras 2's {@code batch_input_shape}, Keras 3's
   * {@code batch_shape}.
   */
  static LayerConfig.Input input(LayerJson c) {
    JsonElement shape = c.config().has("batch_input_shape") ? c.config().get("batch_input_shape")
        : c.config().get("batch_shape");
    if (shape == null || !shape.isJsonArray()) {
      throw c.refuse("its input shape is not given (no batch_input_shape or batch_shape)");
    }
    JsonArray s = shape.getAsJsonArray();
    if (s.size() != 4) {
      throw c.refuse("its input " + s + " is not an image (batch, height, width, channels)");
    }
    for (int i = 1; i < 4; i++) {
      if (s.get(i).isJsonNull()) {
        throw c.refuse("its input " + s + " has no fixed size; only fixed-size inputs are supported");
      }
    }
    return new LayerConfig.Input(s.get(1).getAsInt(), s.get(2).getAsInt(), s.get(3).getAsInt());
  }
}
