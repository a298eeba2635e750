package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;
import org.convlens.model.ActivationFunction;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.Window;

/**
 * One layer's Keras {@code config}, with the readers the family decoders share. The same keys serve Keras 2 and
 * Keras 3 configs; where the two differ (an axis as a number or a list, an activation as a string or a serialized
 * object, {@code hard_sigmoid}'s definition) both are read here. Settings that would change the numbers if
 * ignored are refused with {@link #refuse}.
 */
final class LayerJson {
  private static final Map<String, ActivationFunction> ACTIVATIONS = Map.ofEntries(
      Map.entry("linear", ActivationFunction.LINEAR),
      Map.entry("relu", ActivationFunction.RELU),
      Map.entry("relu6", ActivationFunction.RELU6),
      Map.entry("sigmoid", ActivationFunction.SIGMOID),
      Map.entry("tanh", ActivationFunction.TANH),
      Map.entry("softmax", ActivationFunction.SOFTMAX),
      Map.entry("swish", ActivationFunction.SWISH),
      Map.entry("silu", ActivationFunction.SWISH),
      Map.entry("hard_swish", ActivationFunction.HARD_SWISH),
      Map.entry("hard_silu", ActivationFunction.HARD_SWISH),
      Map.entry("gelu", ActivationFunction.GELU),
      Map.entry("elu", ActivationFunction.ELU),
      Map.entry("selu", ActivationFunction.SELU),
      Map.entry("softplus", ActivationFunction.SOFTPLUS),
      Map.entry("softsign", ActivationFunction.SOFTSIGN),
      Map.entry("exponential", ActivationFunction.EXPONENTIAL));

  private final String className;
  private final JsonObject config;
  private final boolean keras3;

  /**
   * @param keras3 whether Keras 3 wrote the config, which decides what {@code hard_sigmoid} means
   */
  LayerJson(String className, JsonObject config, boolean keras3) {
    this.className = className;
    this.config = config == null ? new JsonObject() : config;
    this.keras3 = keras3;
  }

  String className() {
    return className;
  }

  JsonObject config() {
    return config;
  }

  /** A setting this reader will not run: the reason, said in the user's terms. */
  static final class Refusal extends RuntimeException {
    Refusal(String reason) {
      super(reason);
    }
  }

  Refusal refuse(String reason) {
    return new Refusal(reason);
  }

  private JsonElement get(String key) {
    JsonElement e = config.get(key);
    return e == null || e.isJsonNull() ? null : e;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  int integer(String key) {
    JsonElement e = get(key);
    if (e == null) {
      throw refuse("its config has no '" + key + "'");
    }
    return e.getAsInt();
  }

  float number(String key, float fallback) {
    JsonElement e = get(key);
    return e == null ? fallback : e.getAsFloat();
  }

  boolean flag(String key, boolean fallback) {
    JsonElement e = get(key);
    return e == null ? fallback : e.getAsBoolean();
  }

  String string(String key, String fallback) {
    JsonElement e = get(key);
    return e == null ? fallback : e.getAsString();
  }

  /** A number or a list of numbers, as a list. */
  int[] ints(String key) {
    JsonElement e = get(key);
    if (e == null) {
      throw refuse("its config has no '" + key + "'");
    }
    if (e.isJsonPrimitive()) {
      return new int[] {e.getAsInt()};
    }
    JsonArray a = e.getAsJsonArray();
    int[] values = new int[a.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = a.get(i).getAsInt();
    }
    return values;
  }

  /** A number used for both spatial axes, or a pair (height, width). */
  int[] pair(String key, int fallback) {
    if (!has(key)) {
      return new int[] {fallback, fallback};
    }
    int[] v = ints(key);
    if (v.length == 1) {
      return new int[] {v[0], v[0]};
    }
    if (v.length != 2) {
      throw refuse("'" + key + "' has " + v.length + " values; 2-D layers take two");
    }
    return v;
  }

  /**
   * One axis, given as a number or a one-element list ({@code [3]}, as Keras 2.4+ writes batch norm's).
   */
  int axis(String key, int fallback) {
    if (!has(key)) {
      return fallback;
    }
    int[] axes = ints(key);
    if (axes.length != 1) {
      throw refuse("it works over several axes " + java.util.Arrays.toString(axes) + "; only one is supported");
    }
    return axes[0];
  }

  Padding padding() {
    String p = string("padding", "valid").toLowerCase(Locale.ROOT);
    return switch (p) {
      case "valid" -> Padding.VALID;
      case "same" -> Padding.SAME;
      default -> throw refuse("padding '" + p + "' is not supported (valid, same)");
    };
  }

  /** The window of a convolution ({@code kernel_size}) or a pooling ({@code pool_size}; strides default to it). */
  Window window(String sizeKey) {
    int[] size = pair(sizeKey, 1);
    int[] strides = has("strides") ? pair("strides", 1) : sizeKey.equals("pool_size") ? size : new int[] {1, 1};
    int[] dilation = pair("dilation_rate", 1);
    return new Window(size[0], size[1], strides[0], strides[1], dilation[0], dilation[1], padding());
  }

  /** Refuses {@code channels_first}: every layer here works on channels-last tensors. */
  void requireChannelsLast() {
    String format = string("data_format", "channels_last");
    if (!format.equals("channels_last")) {
      throw refuse("it uses data_format '" + format + "'; only channels_last models are supported");
    }
  }

  /** Refuses any value of {@code key} other than {@code expected} (compared as JSON, spaces ignored). */
  void requireDefault(String key, String... expected) {
    JsonElement value = get(key);
    if (value == null) {
      return;
    }
    String actual = value.toString().replace(" ", "");
    for (String e : expected) {
      if (actual.equals(e)) {
        return;
      }
    }
    throw refuse("it sets " + key + "=" + value + ", which ConvLens does not support");
  }

  /** The {@code activation} setting, as a name or as a serialized Keras function or object. */
  ActivationFunction activation() {
    JsonElement e = get("activation");
    if (e == null) {
      return ActivationFunction.LINEAR;
    }
    String name;
    if (e.isJsonPrimitive()) {
      name = e.getAsString();
    } else {
      // Keras 3: {"module": "keras.activations", "class_name": "function", "config": "relu", ...}.
      JsonObject o = e.getAsJsonObject();
      JsonElement inner = o.get("config");
      name = inner != null && inner.isJsonPrimitive() ? inner.getAsString()
          : o.has("class_name") ? o.get("class_name").getAsString() : o.toString();
    }
    return activation(name);
  }

  ActivationFunction activation(String name) {
    if (name.equals("hard_sigmoid")) {
      return keras3 ? ActivationFunction.HARD_SIGMOID : ActivationFunction.HARD_SIGMOID_KERAS2;
    }
    ActivationFunction f = ACTIVATIONS.get(name);
    if (f == null) {
      throw refuse("its activation '" + name + "' is not supported (supported: hard_sigmoid, "
          + String.join(", ", new java.util.TreeSet<>(ACTIVATIONS.keySet())) + ")");
    }
    return f;
  }
}
