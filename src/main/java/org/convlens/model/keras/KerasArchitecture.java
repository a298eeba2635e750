package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/**
 * Reads a Keras model config (Keras 2's {@code model_config}, Keras 3's {@code config.json}, an architecture
 * {@code .json}) into a flat {@link LayerGraph}, so other people's models run through the same code as
 * ResNet50V2. This class only walks the graph: Functional and Sequential models, both node dialects
 * ({@link KerasNodes}), models nested as layers (flattened, their layers named by path: {@code base/conv1}),
 * shared layers (a second call is {@code layer@1}), and Keras 3's operations ({@link KerasOps}). Each layer's
 * config is read by {@link KerasLayers}. Every layer that cannot run is collected first, so one message names
 * them all before anything runs.
 */
public final class KerasArchitecture {
  /** The image size used when the file leaves the input's height and width open ({@code None}). */
  public static final int DEFAULT_IMAGE_SIZE = 224;

  /** JSON nesting allowed in a model config: Keras's own stay far below (nested models nest a few levels). */
  static final int MAX_NESTING = 1000;
  /** Layers allowed in a model, nested ones included: ten times the largest Keras application. */
  static final int MAX_LAYERS = 10_000;

  private KerasArchitecture() {}

  /** How deep objects and arrays nest in {@code json}, counted without parsing (brackets in strings skipped). */
  static int nestingDepth(String json) {
    int depth = 0;
    int max = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        max = Math.max(max, ++depth);
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return max;
  }

  /** The flat graph, and the models' nesting that the weights files are keyed by. */
  record Parsed(LayerGraph graph, LayerTree tree) {}

  /** Reads a config written by Keras 2 (tf.keras). */
  public static LayerGraph parse(Path file, String modelConfigJson) {
    return parse(file, modelConfigJson, null);
  }

  /**
   * @param kerasVersion the file's {@code keras_version}, or null (then Keras 2): Keras 3 changed what
   *     {@code hard_sigmoid} computes
   * @throws KerasFormatException when the JSON is not a model config this reader handles; the message names the
   *     file and every layer that cannot run, with its class
   */
  public static LayerGraph parse(Path file, String modelConfigJson, String kerasVersion) {
    return read(file, modelConfigJson, kerasVersion, DEFAULT_IMAGE_SIZE).graph();
  }

  /** @param imageSize height and width of an input whose size the file leaves open */
  static Parsed read(Path file, String modelConfigJson, String kerasVersion, int imageSize) {
    boolean keras3 = kerasVersion != null && kerasVersion.startsWith("3");
    int depth = nestingDepth(modelConfigJson);
    if (depth > MAX_NESTING) {
      // The readers below recurse: a forged depth would overflow the stack before anything is said.
      throw new KerasFormatException(file, "the model config nests " + depth + " levels deep, where Keras writes "
          + "a few dozen; the file is damaged or forged, so it is refused");
    }
    try {
      JsonObject root = JsonParser.parseString(modelConfigJson).getAsJsonObject();
      return new Walk(keras3, imageSize).model(root);
    } catch (Refusal e) {
      throw new KerasFormatException(file, e.getMessage());
    } catch (JsonParseException e) {
      throw new KerasFormatException(file, "the model config is not valid JSON (the file may be damaged); save "
          + "the model again with Keras", e);
    } catch (IllegalStateException | UnsupportedOperationException | NullPointerException | ClassCastException
        | IllegalArgumentException | IndexOutOfBoundsException e) {
      // The reader's own complaint ("Cannot invoke ... because ... is null") is for the log, not for people.
      throw new KerasFormatException(file, "the model config is not one Keras writes (a field a layer needs is "
          + "missing or of another kind); save the model again with Keras, or load its weights into a known "
          + "model", e);
    }
  }

  /** A model this reader will not run wrongly: its message says which parts and why. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  /** A walked model: its members (for the weights) and the graph names of its outputs. */
  private record Walked(LayerTree tree, List<String> outputs) {}

  /** One pass over a config, collecting every problem before refusing. */
  private static final class Walk {
    private final boolean keras3;
    private final int imageSize;
    private final Set<String> problems = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    /** Output shapes (channels-last, batch dropped) of the graph's layers decoded so far, where known. */
    private final Map<String, int[]> shapes = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private boolean channelsFirst;

    Walk(boolean keras3, int imageSize) {
      this.keras3 = keras3;
      this.imageSize = imageSize;
    }

    Parsed model(JsonObject root) {
      String className = root.get("class_name").getAsString();
      if (!isModel(className)) {
        throw refuse("the model is a Keras " + className + described(root) + ", not a Functional or Sequential "
            + "model; ConvLens runs only those (subclassed models keep their layers in Python code)");
      }
      JsonArray all = allLayers(root.get("config"));
      if (all.size() > MAX_LAYERS) {
        // Checked before the walk, whose cost grows faster than the count.
        throw new Refusal("the model has " + all.size() + " layers; ConvLens opens models of up to " + MAX_LAYERS
            + " (the largest Keras applications have about 1,000), so it is refused");
      }
      channelsFirst = ChannelsFirst.used(all);
      Walked top = walk("", className, root.get("config"), null);
      failIfProblems();
      List<String> outputs = top.outputs();
      // The graph's output is its last layer: the first output that no layer reads goes there.
      String output = outputs.stream().filter(o -> layers.stream().noneMatch(l -> l.inbound().contains(o)))
          .findFirst().orElse(layers.get(layers.size() - 1).name());
      layers.add(layers.remove(indexOf(output)));
      if (outputs.size() > 1) {
        notes.add("the model has " + outputs.size() + " outputs (" + String.join(", ", outputs) + "); '" + output
            + "' is shown as its output, the others as layers");
      }
      if (channelsFirst) {
        LayerConfig.Input in = (LayerConfig.Input) layers.get(0).config();
        notes.add("a channels_first model, run channels-last: its input (" + in.channels() + ", " + in.height()
            + ", " + in.width() + ") is read as (" + in.height() + ", " + in.width() + ", " + in.channels()
            + ") once, and every shape here is channels-last");
      }
      Set<String> frozen = new HashSet<>();
      frozen(top.tree(), true, frozen);
      return new Parsed(new LayerGraph(top.tree().name(), layers, notes, frozen), top.tree());
    }

    /** The graph layers of {@code member} that Keras does not train (it, or a model holding it, is frozen). */
    private void frozen(TreeMember member, boolean trainable, Set<String> into) {
      boolean t = trainable && member.trainable();
      if (member instanceof LayerTree tree) {
        tree.members().forEach(m -> frozen(m, t, into));
      } else if (!t && ((LayerTree.Leaf) member).layer() != null) {
        into.add(((LayerTree.Leaf) member).layer());
      }
    }

    /**
     * Walks one model into the graph.
     *
     * @param prefix the path of its layers' names ({@code ""} at the top, {@code base/} inside {@code base})
     * @param inputs the graph names of the tensors a nested model is called on; null for the top model
     */
    private Walked walk(String prefix, String className, JsonElement config, List<String> inputs) {
      return className.equals("Sequential") ? sequential(prefix, config, inputs)
          : functional(prefix, config.getAsJsonObject(), inputs);
    }

    private Walked sequential(String prefix, JsonElement config, List<String> inputs) {
      // Keras <= 2.2.2 wrote the layer list bare, later a {"name", "layers"} object.
      JsonArray entries = config.isJsonArray() ? config.getAsJsonArray()
          : config.getAsJsonObject().getAsJsonArray("layers");
      String modelName = config.isJsonObject() ? name(config.getAsJsonObject(), "sequential") : "sequential";
      if (inputs != null && inputs.size() != 1) {
        problems.add("the nested model '" + modelName + "' is called on " + inputs.size() + " tensors");
        inputs = List.of(inputs.get(0));
      }
      String current = inputs == null ? null : inputs.get(0);
      List<TreeMember> members = new ArrayList<>();
      for (JsonElement e : entries) {
        JsonObject entry = e.getAsJsonObject();
        String className = entry.get("class_name").getAsString();
        JsonElement c = entry.get("config");
        String name = c.isJsonObject() ? name(c.getAsJsonObject(), className) : className;
        if (className.equals("InputLayer")) {
          if (current == null) {
            current = input(prefix + name, c.getAsJsonObject());
          }
          continue; // Sequential.layers leaves its InputLayer out; a nested one is the outer tensor
        }
        if (current == null && isModel(className)) {
          // A Sequential starting with a model (Teachable Machine's files): the inner model's input is the input.
          JsonObject inner = firstInput(entry);
          current = input(inner.get("name").getAsString(), inner);
        } else if (current == null) {
          // Old files carry the input shape on the first layer instead of an InputLayer.
          current = input(prefix + name + "_input", c.getAsJsonObject());
        }
        if (isModel(className)) {
          Walked inner = walk(prefix + name + "/", className, c, List.of(current));
          members.add(inner.tree());
          current = single(name, inner.outputs());
        } else {
          String layer = prefix + name;
          call(entry, className, c.getAsJsonObject(), layer, List.of(current), null, true);
          members.add(new LayerTree.Leaf(className, layer, trainable(c)));
          current = layer;
        }
      }
      return new Walked(new LayerTree(modelName, "Sequential", trainable(config), members), List.of(current));
    }

    private Walked functional(String prefix, JsonObject config, List<String> inputs) {
      String modelName = name(config, "model");
      List<JsonObject> entries = new ArrayList<>();
      config.getAsJsonArray("layers").forEach(e -> entries.add(e.getAsJsonObject()));
      List<KerasNodes.Ref> inputRefs = KerasNodes.refs(config.get("input_layers"));
      List<KerasNodes.Ref> outputRefs = KerasNodes.refs(config.get("output_layers"));
      Map<String, List<KerasNodes.Call>> calls = new LinkedHashMap<>();
      for (JsonObject entry : entries) {
        String name = entryName(entry);
        try {
          calls.put(name, KerasNodes.calls(entry.get("inbound_nodes")));
        } catch (KerasNodes.Unsupported e) {
          problems.add("layer '" + prefix + name + "' (" + entry.get("class_name").getAsString() + "): "
              + e.getMessage());
          calls.put(name, List.of());
        }
      }
      Map<String, Integer> offsets = nodeOffsets(calls, outputRefs);
      Map<KerasNodes.Ref, String> tensors = new HashMap<>();
      if (inputs == null && inputRefs.size() != 1) {
        problems.add("the model has " + inputRefs.size() + " inputs; ConvLens feeds one image, so only models "
            + "with one input run");
      }
      if (inputs != null && inputs.size() != inputRefs.size()) {
        problems.add("the nested model '" + modelName + "' takes " + inputRefs.size() + " inputs but is called on "
            + inputs.size());
      }
      for (int i = 0; i < inputRefs.size(); i++) {
        KerasNodes.Ref ref = inputRefs.get(i);
        JsonObject entry = entries.stream().filter(e -> entryName(e).equals(ref.layer())).findFirst().orElseThrow(
            () -> refuse("the input layer '" + ref.layer() + "' is not in the model's layers"));
        String tensor = inputs == null ? input(prefix + ref.layer(), entry.getAsJsonObject("config"))
            : i < inputs.size() ? inputs.get(i) : inputs.get(0);
        tensors.put(new KerasNodes.Ref(ref.layer(), 0, 0), tensor);
      }
      // Calls run once their inputs are known: a config may list a layer before the ones it reads.
      Map<String, LayerTree> nested = new HashMap<>();
      List<int[]> pending = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        for (int k = 0; k < calls.get(entryName(entries.get(i))).size(); k++) {
          pending.add(new int[] {i, k});
        }
      }
      boolean progress = true;
      while (progress && !pending.isEmpty()) {
        progress = false;
        for (int p = 0; p < pending.size(); p++) {
          JsonObject entry = entries.get(pending.get(p)[0]);
          int k = pending.get(p)[1];
          String name = entryName(entry);
          KerasNodes.Call call = calls.get(name).get(k);
          List<String> in = new ArrayList<>();
          for (KerasNodes.Ref ref : call.inputs()) {
            String t = tensors.get(normalised(ref, offsets));
            if (t != null) {
              in.add(t);
            }
          }
          if (in.size() < call.inputs().size()) {
            continue;
          }
          pending.remove(p--);
          progress = true;
          String className = entry.get("class_name").getAsString();
          String called = prefix + name + (k == 0 ? "" : "@" + k);
          if (isModel(className)) {
            Walked inner = walk(called + "/", className, entry.get("config"), in);
            nested.putIfAbsent(name, inner.tree());
            for (int t = 0; t < inner.outputs().size(); t++) {
              tensors.put(new KerasNodes.Ref(name, k, t), inner.outputs().get(t));
            }
          } else {
            call(entry, className, entry.getAsJsonObject("config"), called, in, call, k == 0);
            tensors.put(new KerasNodes.Ref(name, k, 0), called);
          }
        }
      }
      Set<String> waiting = new LinkedHashSet<>();
      pending.forEach(p -> waiting.add(entryName(entries.get(p[0]))));
      boolean cycle = !pending.isEmpty() && pending.stream().allMatch(p -> calls.get(entryName(entries.get(p[0])))
          .get(p[1]).inputs().stream().allMatch(ref -> waiting.contains(ref.layer())
              || tensors.containsKey(normalised(ref, offsets))));
      if (cycle) {
        problems.add("layers " + waiting.stream().map(n -> "'" + prefix + n + "'").collect(
            java.util.stream.Collectors.joining(", ")) + " read each other in a cycle, so none of them can run "
            + "(the config is broken)");
      } else {
        for (int[] p : pending) {
          problems.add("layer '" + prefix + entryName(entries.get(p[0])) + "' reads a tensor that no layer of the "
              + "model makes (a multi-output layer, or a broken config)");
        }
      }
      List<TreeMember> members = new ArrayList<>();
      for (JsonObject entry : entries) {
        String name = entryName(entry);
        String className = entry.get("class_name").getAsString();
        if (isModel(className)) {
          LayerTree tree = nested.get(name);
          if (tree != null) {
            members.add(tree);
          }
        } else if (!isOperation(entry)) {
          boolean input = className.equals("InputLayer");
          String layer = input && inputs != null ? null : prefix + name;
          members.add(new LayerTree.Leaf(className, layer, trainable(entry.get("config"))));
        }
      }
      List<String> outputs = new ArrayList<>();
      for (KerasNodes.Ref ref : outputRefs) {
        String t = tensors.get(normalised(ref, offsets));
        if (t == null) {
          problems.add("the output '" + ref.layer() + "' of model '" + modelName + "' is never computed");
        } else {
          outputs.add(t);
        }
      }
      if (outputs.isEmpty()) {
        failIfProblems();
        throw refuse("the model '" + modelName + "' names no output layer");
      }
      return new Walked(new LayerTree(modelName, "Functional", trainable(config), members), outputs);
    }

    /**
     * Node indices count a layer's calls, but a nested Functional model's first call is node 1 (node 0 is its own
     * construction) in most versions: the offset is found from the highest index the config uses.
     */
    private static Map<String, Integer> nodeOffsets(Map<String, List<KerasNodes.Call>> calls,
        List<KerasNodes.Ref> outputs) {
      Map<String, Integer> highest = new HashMap<>();
      List<KerasNodes.Ref> all = new ArrayList<>(outputs);
      calls.values().forEach(cs -> cs.forEach(c -> all.addAll(c.inputs())));
      all.forEach(r -> highest.merge(r.layer(), r.node(), Math::max));
      Map<String, Integer> offsets = new HashMap<>();
      calls.forEach((name, cs) -> offsets.put(name,
          cs.isEmpty() ? 0 : Math.max(0, highest.getOrDefault(name, 0) - (cs.size() - 1))));
      return offsets;
    }

    private static KerasNodes.Ref normalised(KerasNodes.Ref ref, Map<String, Integer> offsets) {
      return new KerasNodes.Ref(ref.layer(), ref.node() - offsets.getOrDefault(ref.layer(), 0), ref.tensor());
    }

    /** Adds one call of a layer (or an operation) to the graph; refusals are collected. */
    private void call(JsonObject entry, String className, JsonObject config, String layer, List<String> inbound,
        KerasNodes.Call call, boolean report) {
      LayerConfig decoded = null;
      try {
        refuseCustom(entry, className);
        if (isOperation(entry) || looksLikeOperation(className, config, call)) {
          decoded = KerasOps.decode(className, config,
              call != null ? call : new KerasNodes.Call(List.of(), List.of(), false));
        } else {
          decoded = decode(layer, className, config, inbound);
        }
        if (!inbound.stream().map(shapes::get).toList().contains(null)) {
          shapes.put(layer, decoded.outputShape(inbound.stream().map(shapes::get).toList()));
        }
      } catch (LayerJson.Refusal e) {
        if (report) {
          problems.add("layer '" + layer + "' (" + className + "): " + e.getMessage());
        }
      } catch (KerasLayers.UnsupportedLayerException e) {
        if (report) {
          problems.add("layer " + e.getMessage());
        }
      } catch (IllegalArgumentException e) {
        // The graph reports a shape that does not fit, with the layer's name, once everything is read.
      }
      layers.add(new Layer(layer, decoded, inbound));
    }

    private LayerConfig decode(String layer, String className, JsonObject config, List<String> inbound) {
      int[] first = inbound.isEmpty() ? null : shapes.get(inbound.get(0));
      JsonObject c = channelsFirst
          ? ChannelsFirst.toChannelsLast(className, config, first == null ? -1 : first.length) : config;
      return KerasLayers.decode(layer, className, c, keras3);
    }

    /** Code stored in the file is never run: custom classes (Keras 3 {@code registered_name "pkg>Name"}). */
    private static void refuseCustom(JsonObject entry, String className) {
      JsonElement registered = entry.get("registered_name");
      JsonElement module = entry.get("module");
      boolean custom = registered != null && registered.isJsonPrimitive() && registered.getAsString().contains(">");
      custom |= module != null && module.isJsonPrimitive() && !module.getAsString().startsWith("keras");
      if (custom) {
        throw new LayerJson.Refusal("a custom class" + described(entry) + "; its code is Python, which ConvLens "
            + "never runs");
      }
    }

    /** Adds the model's input layer, with the chosen size where the file leaves height and width open. */
    private String input(String name, JsonObject config) {
      JsonObject c = config.deepCopy();
      for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
        JsonElement shape = c.get(key);
        if (shape != null && shape.isJsonArray() && shape.getAsJsonArray().size() == 4) {
          JsonArray s = shape.getAsJsonArray();
          int first = channelsFirst ? 2 : 1;
          if (s.get(first).isJsonNull() || s.get(first + 1).isJsonNull()) {
            s.set(first, s.get(first).isJsonNull() ? new JsonPrimitive(imageSize) : s.get(first));
            s.set(first + 1, s.get(first + 1).isJsonNull() ? new JsonPrimitive(imageSize) : s.get(first + 1));
            notes.add("the file leaves the input size open (None); it is read at " + s.get(first) + " x "
                + s.get(first + 1));
          }
        }
      }
      call(new JsonObject(), "InputLayer", c, name, List.of(), null, true);
      return name;
    }

    private int indexOf(String layer) {
      for (int i = 0; i < layers.size(); i++) {
        if (layers.get(i).name().equals(layer)) {
          return i;
        }
      }
      throw new IllegalStateException("no layer " + layer);
    }

    private String single(String model, List<String> outputs) {
      if (outputs.size() != 1) {
        problems.add("the nested model '" + model + "' has " + outputs.size() + " outputs inside a Sequential");
      }
      return outputs.get(0);
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

  private static boolean isModel(String className) {
    return className.equals("Functional") || className.equals("Model") || className.equals("Sequential");
  }

  private static boolean isOperation(JsonObject entry) {
    JsonElement module = entry.get("module");
    return KerasOps.isOperation(module != null && module.isJsonPrimitive() ? module.getAsString() : null);
  }

  /**
   * Keras 3's legacy {@code .h5} keeps no module, so an operation is told from the layer of the same class name
   * ({@code Add}, {@code Reshape}) by what it is given: a number, or an operation's own keys.
   */
  private static boolean looksLikeOperation(String className, JsonObject config, KerasNodes.Call call) {
    if (!KerasOps.CLASSES.contains(className)) {
      return false;
    }
    return !KerasLayers.supportedClasses().contains(className) || config.has("newshape")
        || (call != null && !call.constants().isEmpty());
  }

  /** The config of the first input of a model entry, looking into the models it starts with. */
  private static JsonObject firstInput(JsonObject entry) {
    JsonElement config = entry.get("config");
    JsonArray layers = config.isJsonArray() ? config.getAsJsonArray()
        : config.getAsJsonObject().getAsJsonArray("layers");
    JsonObject first = layers.get(0).getAsJsonObject();
    if (isModel(first.get("class_name").getAsString())) {
      return firstInput(first);
    }
    JsonObject c = first.getAsJsonObject("config").deepCopy();
    if (!c.has("name")) {
      c.addProperty("name", "input");
    }
    return c;
  }

  /** Every layer entry of a model and its nested models, for the channels_first check. */
  private static JsonArray allLayers(JsonElement config) {
    JsonArray all = new JsonArray();
    JsonArray layers = config.isJsonArray() ? config.getAsJsonArray()
        : config.getAsJsonObject().getAsJsonArray("layers");
    for (JsonElement e : layers) {
      all.add(e);
      JsonObject entry = e.getAsJsonObject();
      if (isModel(entry.get("class_name").getAsString())) {
        all.addAll(allLayers(entry.get("config")));
      }
    }
    return all;
  }

  private static String entryName(JsonObject entry) {
    if (entry.has("name")) {
      return entry.get("name").getAsString();
    }
    return entry.getAsJsonObject("config").get("name").getAsString();
  }

  private static String name(JsonObject config, String fallback) {
    return config.has("name") ? config.get("name").getAsString() : fallback;
  }

  private static boolean trainable(JsonElement config) {
    if (config == null || !config.isJsonObject()) {
      return true;
    }
    JsonElement t = config.getAsJsonObject().get("trainable");
    return t == null || t.isJsonNull() || t.getAsBoolean();
  }

  private static String described(JsonObject entry) {
    JsonElement registered = entry.get("registered_name");
    return registered != null && registered.isJsonPrimitive() ? " (" + registered.getAsString() + ")" : "";
  }

  private static Refusal refuse(String message) {
    return new Refusal("cannot run this Keras model: " + message);
  }
}
