package org.convlens.model.keras;

import com.google.gson.JsonElement;
import java.util.Map;
import org.convlens.model.PreprocessingLayers;

/** Keras configs of the {@link PreprocessingLayers} family. */
final class PreprocessingDecoders {
  private PreprocessingDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("Rescaling", c -> new PreprocessingLayers.Rescaling(scalar(c, "scale", 1f), scalar(c, "offset", 0f)));
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

  /** A number, or a one-element list (a per-channel list would need broadcasting we do not do). */
  private static float scalar(LayerJson c, String key, float fallback) {
    JsonElement e = c.config().get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (e.isJsonArray() && e.getAsJsonArray().size() == 1) {
      return e.getAsJsonArray().get(0).getAsFloat();
    }
    if (!e.isJsonPrimitive()) {
      throw c.refuse("its " + key + " " + e + " is not a single number; only a single number is supported");
    }
    return e.getAsFloat();
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
