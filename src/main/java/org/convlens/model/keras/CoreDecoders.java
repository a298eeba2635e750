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
    long height = s.get(1).getAsLong();
    long width = s.get(2).getAsLong();
    long channels = s.get(3).getAsLong();
    // Checked before anything is sized from them: a file's claim of 100000 x 100000 pixels must not become an
    // allocation (or an overflow) further on.
    if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE || channels < 1 || channels > MAX_CHANNELS) {
      throw c.refuse("its input " + height + " x " + width + " x " + channels + " is not an image size ConvLens "
          + "runs (1 to " + MAX_SIDE + " pixels a side, 1 to " + MAX_CHANNELS + " channels)");
    }
    return new LayerConfig.Input((int) height, (int) width, (int) channels);
  }

  /** The largest input side a model may declare: four times a 1024-pixel photo's, far above any CNN's. */
  static final int MAX_SIDE = 4096;
  static final int MAX_CHANNELS = 4096;
}
