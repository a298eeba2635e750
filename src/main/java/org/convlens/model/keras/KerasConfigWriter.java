package org.convlens.model.keras;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convlens.files.AtomicFiles;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/**
 * Writes a {@link LayerGraph} as the JSON of a Keras 3 functional model ({@code model.to_json()}, the
 * {@code config.json} of a {@code .keras} archive): the inverse of {@link KerasArchitecture}, so a built-in model's
 * architecture can be opened in Keras and read back here as the same graph. Each layer's config is written by
 * {@code LayerEncoders}; this class writes the graph: one entry per layer in graph order with its calls
 * ({@code inbound_nodes} of {@code __keras_tensor__}s), a shared layer's later calls ({@code conv@1}) as further
 * calls of one entry, a nested model's layers ({@code base/conv1}) as a nested Functional model, every layer that
 * nothing reads as an output (the graph's output first, so it is read back as the output).
 */
public final class KerasConfigWriter {
  /** The Keras version whose format this writes, for an archive's {@code metadata.json}. */
  public static final String KERAS_VERSION = "3.15.1";

  private static final Gson GSON = new GsonBuilder().serializeNulls().create();

  private final LayerGraph graph;
  private final Map<String, List<String>> readers = new HashMap<>();

  private KerasConfigWriter(LayerGraph graph) {
    this.graph = graph;
    for (Layer layer : graph.layers()) {
      for (String in : layer.inbound()) {
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(layer.name());
      }
    }
  }

  /**
   * The model as Keras 3 JSON text.
   *
   * @throws IllegalArgumentException naming the layer and its type when a layer has no Keras 3 form
   */
  public static String toJson(LayerGraph graph) {
    return GSON.toJson(model(graph));
  }

  /** Writes {@link #toJson} to {@code file} (UTF-8, atomically). */
  public static void write(Path file, LayerGraph graph) throws IOException {
    AtomicFiles.write(file, toJson(graph).getBytes(StandardCharsets.UTF_8));
  }

  /** The model as a Keras 3 JSON object. */
  public static JsonObject model(LayerGraph graph) {
    KerasConfigWriter w = new KerasConfigWriter(graph);
    // Every layer nothing reads leaves the model (Keras would drop it otherwise); the graph's output first.
    List<String> outputs = new ArrayList<>(List.of(graph.outputLayer()));
    for (String layer : graph.layerNames()) {
      if (!w.readers.containsKey(layer) && !outputs.contains(layer)) {
        outputs.add(layer);
      }
    }
    JsonObject root = new JsonObject();
    root.addProperty("module", "keras.src.models.functional");
    root.addProperty("class_name", "Functional");
    root.add("config", w.functional(graph.name(), "", graph.layers(), null, outputs));
    root.addProperty("registered_name", "Functional");
    root.add("compile_config", com.google.gson.JsonNull.INSTANCE);
    return root;
  }

  /**
   * One Functional model's config.
   *
   * @param prefix the path of its members in the graph ({@code ""} at the top, {@code base/} inside {@code base})
   * @param inputs the outer graph tensors a nested model is called on; null at the top (its Input is a member)
   * @param outputs the members whose values leave the model, in order
   */
  private JsonObject functional(String name, String prefix, List<Layer> members, List<String> inputs,
      List<String> outputs) {
    Map<String, JsonArray> history = new HashMap<>();
    Map<String, JsonObject> entries = new LinkedHashMap<>();
    Set<String> done = new HashSet<>();
    JsonArray inputLayers = new JsonArray();
    if (inputs != null) {
      for (String tensor : inputs) {
        String inputName = unique("input_layer", members, prefix, entries.keySet());
        int[] shape = graph.outputShape(tensor);
        JsonObject entry = LayerEncoders.entry(inputName, new LayerConfig.Input(1, 1, 1), true);
        entry.getAsJsonObject("config").add("batch_shape", LayerEncoders.batchShape(shape));
        entries.put(inputName, named(entry, inputName, new JsonArray()));
        history.put(tensor, ref(inputName, 0, 0));
        inputLayers.add(ref(inputName, 0, 0));
      }
    }
    for (Layer layer : members) {
      if (!done.add(layer.name())) {
        continue;
      }
      String own = layer.name().substring(prefix.length());
      int slash = own.indexOf('/');
      int at = own.indexOf('@');
      if (slash > 0) {
        nested(layer, prefix, own.substring(0, slash), members, done, entries, history);
      } else if (at > 0) {
        // A later call of a shared layer: one more call of the same entry, its weights shared as in Keras.
        String owner = own.substring(0, at);
        int call = Integer.parseInt(own.substring(at + 1));
        JsonObject entry = entries.get(owner);
        if (entry == null || entry.getAsJsonArray("inbound_nodes").size() != call) {
          throw LayerEncoders.cannot(layer.name(), layer.config(), "its calls are not in order after '" + owner + "'");
        }
        entry.getAsJsonArray("inbound_nodes").add(node(layer.inbound(), history));
        history.put(layer.name(), ref(owner, call, 0));
      } else {
        JsonObject entry = LayerEncoders.entry(own, layer.config(), graph.trainable(layer.name()));
        boolean input = layer.config() instanceof LayerConfig.Input;
        JsonArray nodes = new JsonArray();
        if (!input) {
          nodes.add(node(layer.inbound(), history));
        }
        entries.put(own, named(entry, own, nodes));
        history.put(layer.name(), ref(own, 0, 0));
        if (input) {
          inputLayers.add(ref(own, 0, 0));
        }
      }
    }
    JsonObject config = new JsonObject();
    config.addProperty("name", name);
    config.addProperty("trainable", true);
    JsonArray layers = new JsonArray();
    entries.values().forEach(layers::add);
    config.add("layers", layers);
    config.add("input_layers", inputLayers);
    JsonArray outputLayers = new JsonArray();
    outputs.forEach(o -> outputLayers.add(history.get(o)));
    config.add("output_layers", outputLayers);
    return config;
  }

  /** The members under {@code prefix + key + "/"}, written as one nested Functional model called once. */
  private void nested(Layer first, String prefix, String key, List<Layer> members, Set<String> done,
      Map<String, JsonObject> entries, Map<String, JsonArray> history) {
    if (key.contains("@")) {
      throw LayerEncoders.cannot(first.name(), first.config(), "it is inside a nested model called more than once, "
          + "which cannot be written yet");
    }
    String inner = prefix + key + "/";
    List<Layer> group = members.stream().filter(m -> m.name().startsWith(inner)).toList();
    Set<String> names = new HashSet<>();
    group.forEach(m -> names.add(m.name()));
    done.addAll(names);
    Set<String> inputs = new LinkedHashSet<>();
    group.forEach(m -> m.inbound().stream().filter(in -> !names.contains(in)).forEach(inputs::add));
    List<String> outputs = new ArrayList<>();
    for (Layer m : group) {
      List<String> r = readers.getOrDefault(m.name(), List.of());
      if (r.isEmpty() || !names.containsAll(r)) {
        outputs.add(m.name());
      }
    }
    JsonObject entry = new JsonObject();
    entry.addProperty("module", "keras.src.models.functional");
    entry.addProperty("class_name", "Functional");
    entry.add("config", functional(key, inner, group, List.copyOf(inputs), outputs));
    entry.addProperty("registered_name", "Functional");
    JsonArray nodes = new JsonArray();
    nodes.add(node(List.copyOf(inputs), history));
    entries.put(key, named(entry, key, nodes));
    for (int i = 0; i < outputs.size(); i++) {
      history.put(outputs.get(i), ref(key, 0, i));
    }
  }

  private static JsonObject named(JsonObject entry, String name, JsonArray nodes) {
    entry.addProperty("name", name);
    entry.add("inbound_nodes", nodes);
    return entry;
  }

  /** One call: a single tensor as the argument, several as one list (as Keras writes a merge's call). */
  private JsonObject node(List<String> inbound, Map<String, JsonArray> history) {
    JsonArray args = new JsonArray();
    if (inbound.size() == 1) {
      args.add(tensor(inbound.get(0), history));
    } else {
      JsonArray list = new JsonArray();
      inbound.forEach(in -> list.add(tensor(in, history)));
      args.add(list);
    }
    JsonObject node = new JsonObject();
    node.add("args", args);
    node.add("kwargs", new JsonObject());
    return node;
  }

  private JsonObject tensor(String layer, Map<String, JsonArray> history) {
    JsonObject config = new JsonObject();
    config.add("shape", LayerEncoders.batchShape(graph.outputShape(layer)));
    config.addProperty("dtype", "float32");
    config.add("keras_history", history.get(layer));
    JsonObject t = new JsonObject();
    t.addProperty("class_name", "__keras_tensor__");
    t.add("config", config);
    return t;
  }

  private static JsonArray ref(String layer, int node, int tensor) {
    JsonArray r = new JsonArray();
    r.add(layer);
    r.add(node);
    r.add(tensor);
    return r;
  }

  /** {@code base}, or {@code base_1}, ... when a member of the model already has that name. */
  private static String unique(String base, List<Layer> members, String prefix, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    members.forEach(m -> used.add(m.name().substring(prefix.length())));
    String name = base;
    for (int i = 1; used.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }
}
