package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Set;

/**
 * Runs a {@code channels_first} model channels-last: its input {@code (c, h, w)} is taken as {@code (h, w, c)}
 * once, and each layer's config is rewritten to the channels-last layer that computes the same values in that
 * layout (TensorFlow's CPU kernels are channels-last). Keras keeps kernels as {@code [kh, kw, in, out]} and
 * per-channel weights as vectors in both layouts, and its channels_first Flatten moves the channels last before
 * flattening, so the weights bind unchanged. What cannot be rewritten this way is refused.
 */
final class ChannelsFirst {
  private static final Set<String> AXIS_LAYERS =
      Set.of("BatchNormalization", "Concatenate", "Softmax", "LayerNormalization", "Normalization");
  /** Layers whose meaning depends on the order of the axes in ways a rewrite of their config cannot express. */
  private static final Set<String> LAYOUT_BOUND = Set.of("Reshape", "Permute", "PReLU", "LayerScale");

  private ChannelsFirst() {}

  /** Whether any layer of the model says {@code data_format: channels_first}. */
  static boolean used(JsonArray layers) {
    for (JsonElement e : layers) {
      JsonElement config = e.getAsJsonObject().get("config");
      if (config != null && config.isJsonObject()) {
        JsonElement format = config.getAsJsonObject().get("data_format");
        if (format != null && format.isJsonPrimitive() && format.getAsString().equals("channels_first")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The channels-last equivalent of one layer's config.
   *
   * @param inputRank the rank of the layer's input without the batch, or -1 when unknown
   * @throws LayerJson.Refusal when the layer cannot run channels-last
   */
  static JsonObject toChannelsLast(String className, JsonObject config, int inputRank) {
    JsonObject c = config.deepCopy();
    boolean image = inputRank >= 2;
    JsonElement format = c.get("data_format");
    if (format != null && format.isJsonPrimitive()) {
      if (!format.getAsString().equals("channels_first")) {
        throw new LayerJson.Refusal("it is " + format.getAsString() + " inside a channels_first model; mixed "
            + "layouts are not supported");
      }
      c.addProperty("data_format", "channels_last");
    }
    for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
      JsonElement shape = c.get(key);
      if (shape != null && shape.isJsonArray() && shape.getAsJsonArray().size() == 4) {
        JsonArray s = shape.getAsJsonArray();
        JsonArray moved = new JsonArray();
        moved.add(s.get(0));
        moved.add(s.get(2));
        moved.add(s.get(3));
        moved.add(s.get(1));
        c.add(key, moved);
      }
    }
    if (image && LAYOUT_BOUND.contains(className)) {
      throw new LayerJson.Refusal("its meaning depends on the channels_first layout; channels_first models with "
          + className + " are not supported");
    }
    if (image && className.equals("Dense")) {
      throw new LayerJson.Refusal("it works on the last (width) axis of a channels_first image; not supported");
    }
    JsonElement activation = c.get("activation");
    if (image && activation != null && activation.toString().contains("softmax")) {
      throw new LayerJson.Refusal("its softmax runs over the width axis of a channels_first image; not supported");
    }
    if (AXIS_LAYERS.contains(className) && c.has("axis") && !c.get("axis").isJsonNull()) {
      c.add("axis", axes(className, c.get("axis"), inputRank));
    }
    return c;
  }

  /** Keras axes of a channels_first tensor as the axes of the same data channels-last. */
  private static JsonElement axes(String className, JsonElement axis, int inputRank) {
    if (axis.isJsonPrimitive()) {
      return new JsonPrimitive(axis(axis.getAsInt(), inputRank));
    }
    JsonArray list = axis.getAsJsonArray();
    if (list.size() > 1 && inputRank == 3) {
      throw new LayerJson.Refusal(className + " over several axes of a channels_first image stores its weights in "
          + "that layout; not supported");
    }
    JsonArray moved = new JsonArray();
    for (JsonElement a : list) {
      moved.add(axis(a.getAsInt(), inputRank));
    }
    return moved;
  }

  private static int axis(int a, int inputRank) {
    if (inputRank < 0) {
      inputRank = 3; // unknown because an earlier layer is refused: assume an image, the refusal says the rest
    }
    if (inputRank == 1) {
      return a; // (batch, features): the same in both layouts
    }
    if (inputRank != 3) {
      throw new LayerJson.Refusal("it works on an axis of a rank-" + inputRank + " channels_first tensor; only "
          + "images and vectors are supported");
    }
    int full = a < 0 ? a + 4 : a;
    return switch (full) {
      case 1 -> 3; // channels
      case 2 -> 1; // height
      case 3 -> 2; // width
      default -> throw new LayerJson.Refusal("axis " + a + " is the batch axis");
    };
  }
}
