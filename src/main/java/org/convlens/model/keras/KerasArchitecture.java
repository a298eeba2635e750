package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;

/**
 * Reads the architecture Keras 2 saves with a whole model ({@code model_config}, JSON) into a
 * {@link LayerGraph}, so other people's models run through the same code as ResNet50V2. Functional and
 * Sequential models made of the layer kinds {@link LayerConfig} knows are supported; anything else is refused
 * with the layer's name and class, rather than run wrongly.
 */
public final class KerasArchitecture {
  private KerasArchitecture() {}

  /**
   * @param file where the config came from, for messages
   * @throws KerasFormatException when the JSON is not a model config this reader handles; the message names the
   *     file and, where it is one layer's fault, the layer and its class
   */
  public static LayerGraph parse(Path file, String modelConfigJson) {
    try {
      return parse(JsonParser.parseString(modelConfigJson).getAsJsonObject());
    } catch (Refusal e) {
      throw new KerasFormatException(file, e.getMessage());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
        | IllegalArgumentException e) {
      throw new KerasFormatException(file, "the model_config is not one Keras 2 writes (" + e.getMessage()
          + "); save the model again with tf.keras, or load its weights into a known model", e);
    }
  }

  /** A model this reader will not run wrongly: its message says which part and why. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  private static LayerGraph parse(JsonObject root) {
    String className = root.get("class_name").getAsString();
    JsonElement config = root.get("config");
    return switch (className) {
      case "Functional", "Model" -> functional(config.getAsJsonObject());
      case "Sequential" -> sequential(config);
      default -> throw refuse("the model is a Keras " + className + "; only Functional and Sequential models load");
    };
  }

  private static LayerGraph functional(JsonObject config) {
    List<Layer> layers = new ArrayList<>();
    for (JsonElement e : config.getAsJsonArray("layers")) {
      JsonObject layer = e.getAsJsonObject();
      String name = layer.get("name").getAsString();
      layers.add(new Layer(name, layerConfig(name, layer), inbound(name, layer.getAsJsonArray("inbound_nodes"))));
    }
    JsonArray outputs = config.getAsJsonArray("output_layers");
    if (outputs.size() != 1 || config.getAsJsonArray("input_layers").size() != 1) {
      throw refuse("the model has several inputs or outputs; only one of each is supported");
    }
    String output = outputs.get(0).getAsJsonArray().get(0).getAsString();
    if (!layers.get(layers.size() - 1).name().equals(output)) {
      throw refuse("the output layer '" + output + "' is not the last layer");
    }
    return new LayerGraph(name(config), layers);
  }

  private static LayerGraph sequential(JsonElement config) {
    // Keras <= 2.2.2 wrote the layer list bare, later a {"name", "layers"} object.
    JsonArray entries = config.isJsonArray() ? config.getAsJsonArray() : config.getAsJsonObject().getAsJsonArray("layers");
    String modelName = config.isJsonObject() ? name(config.getAsJsonObject()) : "sequential";
    List<Layer> layers = new ArrayList<>();
    for (JsonElement e : entries) {
      JsonObject layer = e.getAsJsonObject();
      String name = layer.getAsJsonObject("config").get("name").getAsString();
      if (layers.isEmpty() && !layer.get("class_name").getAsString().equals("InputLayer")) {
        // Old files carry the input shape on the first layer instead of an InputLayer.
        JsonObject input = new JsonObject();
        input.addProperty("class_name", "InputLayer");
        input.add("config", layer.getAsJsonObject("config"));
        layers.add(new Layer(name + "_input", layerConfig(name + "_input", input), List.of()));
      }
      List<String> inbound = layers.isEmpty() ? List.of() : List.of(layers.get(layers.size() - 1).name());
      layers.add(new Layer(name, layerConfig(name, layer), inbound));
    }
    return new LayerGraph(modelName, layers);
  }

  private static List<String> inbound(String layer, JsonArray nodes) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    if (nodes.size() > 1) {
      throw refuse("layer '" + layer + "' is shared (called " + nodes.size() + " times); shared layers are not supported");
    }
    JsonElement node = nodes.get(0);
    if (!node.isJsonArray()) {
      throw refuse("layer '" + layer + "' uses Keras 3's node format; save the model with Keras 2 (tf.keras)");
    }
    List<String> names = new ArrayList<>();
    for (JsonElement call : node.getAsJsonArray()) {
      JsonArray c = call.getAsJsonArray();
      if (c.get(1).getAsInt() != 0 || c.get(2).getAsInt() != 0) {
        throw refuse("layer '" + layer + "' reads a nested model or a multi-output layer; not supported");
      }
      names.add(c.get(0).getAsString());
    }
    return names;
  }

  private static LayerConfig layerConfig(String name, JsonObject layer) {
    String kind = layer.get("class_name").getAsString();
    JsonObject c = layer.getAsJsonObject("config");
    return switch (kind) {
      case "InputLayer" -> {
        JsonArray shape = c.has("batch_input_shape") ? c.getAsJsonArray("batch_input_shape") : c.getAsJsonArray("batch_shape");
        if (shape == null || shape.size() != 4) {
          throw refuse("input '" + name + "' is not an image (batch, height, width, channels): " + shape);
        }
        yield new LayerConfig.Input(shape.get(1).getAsInt(), shape.get(2).getAsInt(), shape.get(3).getAsInt());
      }
      case "Conv2D" -> {
        requireDefaults(name, c, "dilation_rate", "[1,1]");
        requireDefaults(name, c, "groups", "1");
        yield new LayerConfig.Conv2D(c.get("filters").getAsInt(), pair(c, "kernel_size")[0], pair(c, "kernel_size")[1],
            stride(name, c), padding(c), c.get("use_bias").getAsBoolean(), activation(name, c));
      }
      case "DepthwiseConv2D" -> {
        requireDefaults(name, c, "dilation_rate", "[1,1]");
        requireDefaults(name, c, "activation", "\"linear\"");
        yield new LayerConfig.DepthwiseConv2D(pair(c, "kernel_size")[0], pair(c, "kernel_size")[1], stride(name, c),
            padding(c), c.get("depth_multiplier").getAsInt(), c.get("use_bias").getAsBoolean());
      }
      case "BatchNormalization" -> {
        requireDefaults(name, c, "center", "true");
        requireDefaults(name, c, "scale", "true");
        yield new LayerConfig.BatchNormalization(c.get("epsilon").getAsFloat());
      }
      case "ReLU" -> {
        requireDefaults(name, c, "negative_slope", "0.0");
        requireDefaults(name, c, "threshold", "0.0");
        JsonElement max = c.get("max_value");
        yield new LayerConfig.ReLU(max == null || max.isJsonNull() ? LayerConfig.ReLU.UNCAPPED : max.getAsFloat());
      }
      case "Activation" -> new LayerConfig.Activation(activation(name, c));
      case "ZeroPadding2D" -> zeroPadding(c.get("padding"));
      case "MaxPooling2D" -> {
        int[] pool = pair(c, "pool_size");
        if (pool[0] != pool[1]) {
          throw refuse("layer '" + name + "' pools over a non-square window " + pool[0] + "x" + pool[1]);
        }
        yield new LayerConfig.MaxPooling2D(pool[0], stride(name, c), padding(c));
      }
      case "GlobalAveragePooling2D" -> new LayerConfig.GlobalAveragePooling2D(
          c.has("keepdims") && c.get("keepdims").getAsBoolean());
      case "Dropout" -> new LayerConfig.Dropout(c.get("rate").getAsFloat());
      case "Reshape" -> {
        JsonArray target = c.getAsJsonArray("target_shape");
        int[] shape = new int[target.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = target.get(i).getAsInt();
        }
        yield new LayerConfig.Reshape(shape);
      }
      case "Add" -> new LayerConfig.Add();
      case "Dense" -> new LayerConfig.Dense(c.get("units").getAsInt(), activation(name, c));
      default -> throw refuse("layer '" + name + "' is a Keras " + kind + ", which ConvLens cannot run yet "
          + "(supported: InputLayer, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, ZeroPadding2D, "
          + "MaxPooling2D, GlobalAveragePooling2D, Dropout, Reshape, Add, Dense)");
    };
  }

  private static LayerConfig zeroPadding(JsonElement p) {
    if (p.isJsonPrimitive()) {
      return LayerConfig.ZeroPadding2D.symmetric(p.getAsInt());
    }
    JsonArray a = p.getAsJsonArray();
    if (a.get(0).isJsonPrimitive()) {
      int h = a.get(0).getAsInt();
      int w = a.get(1).getAsInt();
      return new LayerConfig.ZeroPadding2D(h, h, w, w);
    }
    JsonArray h = a.get(0).getAsJsonArray();
    JsonArray w = a.get(1).getAsJsonArray();
    return new LayerConfig.ZeroPadding2D(h.get(0).getAsInt(), h.get(1).getAsInt(), w.get(0).getAsInt(), w.get(1).getAsInt());
  }

  private static int[] pair(JsonObject c, String key) {
    JsonElement e = c.get(key);
    if (e.isJsonPrimitive()) {
      return new int[] {e.getAsInt(), e.getAsInt()};
    }
    return new int[] {e.getAsJsonArray().get(0).getAsInt(), e.getAsJsonArray().get(1).getAsInt()};
  }

  private static int stride(String name, JsonObject c) {
    int[] s = c.has("strides") && !c.get("strides").isJsonNull() ? pair(c, "strides") : pair(c, "pool_size");
    if (s[0] != s[1]) {
      throw refuse("layer '" + name + "' has unequal strides " + s[0] + "x" + s[1]);
    }
    return s[0];
  }

  private static Padding padding(JsonObject c) {
    return Padding.valueOf(c.get("padding").getAsString().toUpperCase(java.util.Locale.ROOT));
  }

  private static String activation(String name, JsonObject c) {
    String a = c.get("activation").getAsString();
    if (!a.equals("relu") && !a.equals("softmax") && !a.equals("linear")) {
      throw refuse("layer '" + name + "' uses activation '" + a + "'; supported: relu, softmax, linear");
    }
    return a;
  }

  /** Refuses settings that would change the numbers if ignored. */
  private static void requireDefaults(String name, JsonObject c, String key, String expected) {
    JsonElement value = c.get(key);
    if (value != null && !value.toString().replace(" ", "").equals(expected)) {
      throw refuse("layer '" + name + "' sets " + key + "=" + value + ", which ConvLens does not support");
    }
  }

  private static String name(JsonObject config) {
    return config.has("name") ? config.get("name").getAsString() : "model";
  }

  private static Refusal refuse(String message) {
    return new Refusal("cannot run this Keras model: " + message);
  }
}
