package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the calls ({@code inbound_nodes}) of a layer in both dialects: Keras 2's lists of
 * {@code [layer, node_index, tensor_index, kwargs]} and Keras 3's {@code {"args": [...], "kwargs": {...}}} with
 * {@code __keras_tensor__} objects whose {@code keras_history} is {@code [layer, node_index, tensor_index]}.
 */
final class KerasNodes {
  private KerasNodes() {}

  /** One tensor: the output {@code tensor} of call {@code node} of {@code layer}, as the file numbers them. */
  record Ref(String layer, int node, int tensor) {}

  /**
   * One call of a layer: its tensor inputs in order, and the plain numbers passed beside them (for operations).
   *
   * @param constantFirst whether a number came before the first tensor ({@code 1 - x})
   */
  record Call(List<Ref> inputs, List<Float> constants, boolean constantFirst) {}

  /** A call this reader cannot follow (a tensor in a keyword argument, a constant array...). */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }

  /** Every call of a layer; empty for an input layer or a Sequential member. */
  static List<Call> calls(JsonElement inboundNodes) {
    List<Call> calls = new ArrayList<>();
    if (inboundNodes == null || inboundNodes.isJsonNull()) {
      return calls;
    }
    for (JsonElement node : inboundNodes.getAsJsonArray()) {
      calls.add(call(node));
    }
    return calls;
  }

  private static Call call(JsonElement node) {
    List<Ref> refs = new ArrayList<>();
    List<Float> constants = new ArrayList<>();
    if (node.isJsonArray()) {
      for (JsonElement e : node.getAsJsonArray()) {
        JsonArray triple = e.getAsJsonArray();
        if (triple.get(0).getAsString().equals("_CONSTANT_VALUE")) {
          throw new Unsupported("it is called with a constant (a tf.keras operation on a number)");
        }
        refs.add(ref(triple));
      }
      return new Call(refs, constants, false);
    }
    JsonObject o = node.getAsJsonObject();
    collect(o.get("args"), refs, constants);
    JsonElement kwargs = o.get("kwargs");
    if (kwargs != null && kwargs.isJsonObject()) {
      for (Map.Entry<String, JsonElement> kw : kwargs.getAsJsonObject().entrySet()) {
        List<Ref> inKw = new ArrayList<>();
        collect(kw.getValue(), inKw, new ArrayList<>());
        if (!inKw.isEmpty()) {
          throw new Unsupported("it takes a tensor as keyword argument '" + kw.getKey() + "'");
        }
      }
    }
    return new Call(refs, constants, !constants.isEmpty() && firstIsNumber(o.get("args")));
  }

  private static boolean firstIsNumber(JsonElement e) {
    while (e != null && e.isJsonArray() && !e.getAsJsonArray().isEmpty()) {
      e = e.getAsJsonArray().get(0);
    }
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  /** Tensors (in order) and numbers of Keras 3 call arguments, walking lists as Keras flattens them. */
  private static void collect(JsonElement e, List<Ref> refs, List<Float> constants) {
    if (e == null || e.isJsonNull()) {
      return;
    }
    if (e.isJsonArray()) {
      for (JsonElement item : e.getAsJsonArray()) {
        collect(item, refs, constants);
      }
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      String kind = o.has("class_name") ? o.get("class_name").getAsString() : "";
      if (!kind.equals("__keras_tensor__")) {
        throw new Unsupported("it is called with a " + (kind.isEmpty() ? "structured value" : kind) + " argument");
      }
      refs.add(ref(o.getAsJsonObject("config").getAsJsonArray("keras_history")));
    } else if (e.getAsJsonPrimitive().isNumber()) {
      constants.add(e.getAsFloat());
    } else if (!e.getAsJsonPrimitive().isBoolean()) {
      throw new Unsupported("it is called with the argument " + e);
    }
  }

  private static Ref ref(JsonArray triple) {
    return new Ref(triple.get(0).getAsString(), triple.get(1).getAsInt(), triple.get(2).getAsInt());
  }

  /**
   * A model's {@code input_layers} or {@code output_layers}: a list of triples, one flat triple (Keras 3, a model
   * built from one tensor), or a dict of triples.
   */
  static List<Ref> refs(JsonElement e) {
    List<Ref> refs = new ArrayList<>();
    if (e == null || e.isJsonNull()) {
      return refs;
    }
    if (e.isJsonObject()) {
      e.getAsJsonObject().entrySet().forEach(entry -> refs.addAll(refs(entry.getValue())));
      return refs;
    }
    JsonArray a = e.getAsJsonArray();
    if (!a.isEmpty() && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString()) {
      refs.add(ref(a));
      return refs;
    }
    for (JsonElement item : a) {
      refs.addAll(refs(item));
    }
    return refs;
  }
}
