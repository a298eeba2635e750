package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/**
 * Reads the architecture Keras 2 saves with a whole model ({@code model_config}, JSON) into a
 * {@link LayerGraph}, so other people's models run through the same code as ResNet50V2. This class only walks
 * the graph (Functional or Sequential, inbound nodes); each layer's config is read by {@link KerasLayers}. Every
 * layer that cannot run is collected first, so one message names them all before anything runs.
 */
public final class KerasArchitecture {
  private KerasArchitecture() {}

  /**
   * Reads a config written by Keras 2 (tf.keras).
   *
   * @param file where the config came from, for messages
   * @throws KerasFormatException when the JSON is not a model config this reader handles; the message names the
   *     file and every layer that cannot run, with its class
   */
  public static LayerGraph parse(Path file, String modelConfigJson) {
    return parse(file, modelConfigJson, null);
  }

  /**
   * @param kerasVersion the file's {@code keras_version}, or null (then Keras 2): Keras 3 changed what
   *     {@code hard_sigmoid} computes
   */
  public static LayerGraph parse(Path file, String modelConfigJson, String kerasVersion) {
    boolean keras3 = kerasVersion != null && kerasVersion.startsWith("3");
    try {
      return new Walk(keras3).model(JsonParser.parseString(modelConfigJson).getAsJsonObject());
    } catch (Refusal e) {
      throw new KerasFormatException(file, e.getMessage());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
        | ClassCastException | IllegalArgumentException e) {
      throw new KerasFormatException(file, "the model_config is not one Keras 2 writes (" + e.getMessage()
          + "); save the model again with tf.keras, or load its weights into a known model", e);
    }
  }

  /** A model this reader will not run wrongly: its message says which parts and why. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  /** One pass over a config, collecting every problem before refusing. */
  private static final class Walk {
    private final boolean keras3;
    private final List<String> problems = new ArrayList<>();
    /** Output shapes (channels-last, batch dropped) of the layers decoded so far, where known. */
    private final Map<String, int[]> shapes = new HashMap<>();
    private boolean channelsFirst;

    Walk(boolean keras3) {
      this.keras3 = keras3;
    }

    LayerGraph model(JsonObject root) {
      String className = root.get("class_name").getAsString();
      JsonElement config = root.get("config");
      LayerGraph graph = switch (className) {
        case "Functional", "Model" -> functional(config.getAsJsonObject());
        case "Sequential" -> sequential(config);
        default -> throw refuse("the model is a Keras " + className + "; only Functional and Sequential models load");
      };
      return graph;
    }

    private LayerGraph functional(JsonObject config) {
      List<Layer> layers = new ArrayList<>();
      channelsFirst = ChannelsFirst.used(config.getAsJsonArray("layers"));
      for (JsonElement e : config.getAsJsonArray("layers")) {
        JsonObject layer = e.getAsJsonObject();
        String name = layer.get("name").getAsString();
        List<String> inbound = inbound(name, layer.getAsJsonArray("inbound_nodes"));
        LayerConfig decoded =
            decode(name, layer.get("class_name").getAsString(), layer.getAsJsonObject("config"), inbound);
        layers.add(new Layer(name, decoded, inbound));
      }
      JsonArray outputs = config.getAsJsonArray("output_layers");
      JsonArray inputs = config.getAsJsonArray("input_layers");
      if (outputs.size() != 1 || inputs.size() != 1) {
        problems.add("the model has " + inputs.size() + " input(s) and " + outputs.size()
            + " output(s); only one of each is supported");
      }
      failIfProblems();
      String output = outputs.get(0).getAsJsonArray().get(0).getAsString();
      if (!layers.get(layers.size() - 1).name().equals(output)) {
        throw refuse("the output layer '" + output + "' is not the last layer");
      }
      return new LayerGraph(name(config), layers, notes(layers));
    }

    private LayerGraph sequential(JsonElement config) {
      // Keras <= 2.2.2 wrote the layer list bare, later a {"name", "layers"} object.
      JsonArray entries = config.isJsonArray() ? config.getAsJsonArray()
          : config.getAsJsonObject().getAsJsonArray("layers");
      String modelName = config.isJsonObject() ? name(config.getAsJsonObject()) : "sequential";
      List<Layer> layers = new ArrayList<>();
      channelsFirst = ChannelsFirst.used(entries);
      for (JsonElement e : entries) {
        JsonObject layer = e.getAsJsonObject();
        JsonObject c = layer.getAsJsonObject("config");
        String name = c.get("name").getAsString();
        String className = layer.get("class_name").getAsString();
        if (layers.isEmpty() && !className.equals("InputLayer")) {
          // Old files carry the input shape on the first layer instead of an InputLayer.
          layers.add(new Layer(name + "_input", decode(name + "_input", "InputLayer", c, List.of()), List.of()));
        }
        List<String> inbound = layers.isEmpty() ? List.of() : List.of(layers.get(layers.size() - 1).name());
        layers.add(new Layer(name, decode(name, className, c, inbound), inbound));
      }
      failIfProblems();
      return new LayerGraph(modelName, layers, notes(layers));
    }

    /** The layer's config, or null when it is refused (the refusal is collected). */
    private LayerConfig decode(String name, String className, JsonObject config, List<String> inbound) {
      List<int[]> inputs = new ArrayList<>();
      inbound.forEach(in -> inputs.add(shapes.get(in)));
      LayerConfig decoded;
      try {
        JsonObject c = channelsFirst
            ? ChannelsFirst.toChannelsLast(className, config, inputs.isEmpty() || inputs.get(0) == null ? -1
                : inputs.get(0).length)
            : config;
        decoded = KerasLayers.decode(name, className, c, keras3);
      } catch (LayerJson.Refusal e) {
        problems.add("layer '" + name + "' (" + className + "): " + e.getMessage());
        return null;
      } catch (KerasLayers.UnsupportedLayerException e) {
        problems.add("layer " + e.getMessage());
        return null;
      }
      if (!inputs.contains(null)) {
        try {
          shapes.put(name, decoded.outputShape(inputs));
        } catch (IllegalArgumentException e) {
          // The graph reports a shape that does not fit, with the layer's name, once everything is read.
        }
      }
      return decoded;
    }

    /** The summary's remark on a channels_first model. */
    private List<String> notes(List<Layer> layers) {
      if (!channelsFirst) {
        return List.of();
      }
      LayerConfig.Input in = (LayerConfig.Input) layers.get(0).config();
      return List.of("a channels_first model, run channels-last: its input (" + in.channels() + ", " + in.height()
          + ", " + in.width() + ") is read as (" + in.height() + ", " + in.width() + ", " + in.channels()
          + ") once, and every shape here is channels-last");
    }

    private List<String> inbound(String layer, JsonArray nodes) {
      if (nodes.isEmpty()) {
        return List.of();
      }
      if (nodes.size() > 1) {
        problems.add("layer '" + layer + "' is shared (called " + nodes.size() + " times); shared layers are not "
            + "supported yet");
        return List.of();
      }
      JsonElement node = nodes.get(0);
      if (!node.isJsonArray()) {
        throw refuse("layer '" + layer + "' uses Keras 3's node format; this reader takes Keras 2 (tf.keras) files");
      }
      List<String> names = new ArrayList<>();
      for (JsonElement call : node.getAsJsonArray()) {
        JsonArray c = call.getAsJsonArray();
        if (c.get(1).getAsInt() != 0 || c.get(2).getAsInt() != 0) {
          problems.add("layer '" + layer + "' reads a nested model or a multi-output layer, not supported yet");
        }
        names.add(c.get(0).getAsString());
      }
      return names;
    }

    private void failIfProblems() {
      if (problems.isEmpty()) {
        return;
      }
      String list = String.join("; ", problems);
      throw refuse((problems.size() == 1 ? "" : problems.size() + " problems: ") + list
          + ". Nothing was run. Supported layers: " + String.join(", ", KerasLayers.supportedClasses()));
    }
  }

  private static String name(JsonObject config) {
    return config.has("name") ? config.get("name").getAsString() : "model";
  }

  private static Refusal refuse(String message) {
    return new Refusal("cannot run this Keras model: " + message);
  }
}
