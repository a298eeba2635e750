package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.Map;
import org.convlens.model.Reshaping;
import org.convlens.model.Reshaping.Interpolation;

/** Keras configs of the {@link Reshaping} family. */
final class ReshapingDecoders {
  private ReshapingDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("ZeroPadding2D", c -> {
      int[] p = borders(c, "padding");
      return new Reshaping.ZeroPadding2D(p[0], p[1], p[2], p[3]);
    });
    into.put("Cropping2D", c -> {
      int[] p = borders(c, "cropping");
      return new Reshaping.Cropping2D(p[0], p[1], p[2], p[3]);
    });
    into.put("UpSampling2D", c -> {
      c.requireChannelsLast();
      int[] size = c.pair("size", 2);
      return new Reshaping.UpSampling2D(size[0], size[1], interpolation(c));
    });
    into.put("Flatten", c -> {
      c.requireChannelsLast();
      return new Reshaping.Flatten();
    });
    into.put("Reshape", c -> new Reshaping.Reshape(c.ints("target_shape")));
    into.put("Permute", c -> new Reshaping.Permute(c.ints("dims")));
  }

  /** Nearest or bilinear, the two Keras's resizing layers use by default. */
  static Interpolation interpolation(LayerJson c) {
    String i = c.string("interpolation", "nearest");
    return switch (i) {
      case "nearest" -> Interpolation.NEAREST;
      case "bilinear" -> Interpolation.BILINEAR;
      default -> throw c.refuse("interpolation '" + i + "' is not supported (nearest, bilinear)");
    };
  }

  /** Keras's three ways to give borders: {@code n}, {@code [h, w]}, {@code [[top, bottom], [left, right]]}. */
  private static int[] borders(LayerJson c, String key) {
    c.requireChannelsLast();
    JsonElement p = c.config().get(key);
    if (p == null || p.isJsonNull()) {
      return key.equals("padding") ? new int[] {1, 1, 1, 1} : new int[] {0, 0, 0, 0};
    }
    if (p.isJsonPrimitive()) {
      int n = p.getAsInt();
      return new int[] {n, n, n, n};
    }
    JsonArray a = p.getAsJsonArray();
    if (a.size() != 2) {
      throw c.refuse("'" + key + "' " + a + " is not a 2-D border");
    }
    if (a.get(0).isJsonPrimitive()) {
      int h = a.get(0).getAsInt();
      int w = a.get(1).getAsInt();
      return new int[] {h, h, w, w};
    }
    JsonArray h = a.get(0).getAsJsonArray();
    JsonArray w = a.get(1).getAsJsonArray();
    return new int[] {h.get(0).getAsInt(), h.get(1).getAsInt(), w.get(0).getAsInt(), w.get(1).getAsInt()};
  }
}
