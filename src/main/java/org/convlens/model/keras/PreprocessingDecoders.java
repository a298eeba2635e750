package org.convlens.model.keras;

import com.google.gson.JsonElement;
import java.util.Map;
import org.convlens.model.PreprocessingLayers;

/** Keras configs of the {@link PreprocessingLayers} family. */
final class PreprocessingDecoders {
  private PreprocessingDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("Rescaling", c -> new PreprocessingLayers.Rescaling(floats(c, "scale", 1f), floats(c, "offset", 0f)));
    into.put("Normalization", PreprocessingDecoders::normalization);
    into.put("Resizing", c -> {
      c.requireDefault("crop_to_aspect_ratio", "false");
      c.requireDefault("pad_to_aspect_ratio", "false");
      c.requireChannelsLast();
      String i = c.string("interpolation", "bilinear");
      if (!i.equals("bilinear") && !i.equals("nearest")) {
        throw c.refuse("interpolation '" + i + "' is not supported (nearest, bilinear)");
      }
      return new PreprocessingLayers.Resizing(c.integer("height"), c.integer("width"),
          ReshapingDecoders.interpolation(c));
    });
    into.put("CenterCrop", c -> {
      c.requireChannelsLast();
      return new PreprocessingLayers.CenterCrop(c.integer("height"), c.integer("width"));
    });
  }

  /** A number, or one per channel (EfficientNet's {@code rescaling_1}); the fallback when absent. */
  private static float[] floats(LayerJson c, String key, float fallback) {
    float[] v = floats(c, key);
    if (v != null && v.length == 0) {
      throw c.refuse("its " + key + " is an empty list; give a number or one per channel");
    }
    return v != null ? v : new float[] {fallback};
  }

  private static PreprocessingLayers normalization(LayerJson c) {
    c.requireDefault("invert", "false");
    // EfficientNet writes [3]: the channels of an image, counted with the batch axis.
    int axis = c.axis("axis", -1);
    if (axis != -1 && axis != 3) {
      throw c.refuse("it normalises along axis " + c.config().get("axis") + "; only the last axis is supported");
    }
    float[] mean = floats(c, "mean");
    float[] variance = floats(c, "variance");
    if (mean == null && variance == null) {
      return PreprocessingLayers.Normalization.adapted();
    }
    if (mean == null || variance == null) {
      throw c.refuse("it gives only one of mean and variance");
    }
    return new PreprocessingLayers.Normalization(mean, variance);
  }

  private static float[] floats(LayerJson c, String key) {
    JsonElement e = c.config().get(key);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonPrimitive()) {
      return new float[] {e.getAsFloat()};
    }
    var a = e.getAsJsonArray();
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isJsonPrimitive()) {
        throw c.refuse("its " + key + " is nested; only a list of one value per channel is supported");
      }
      v[i] = a.get(i).getAsFloat();
    }
    return v;
  }
}
