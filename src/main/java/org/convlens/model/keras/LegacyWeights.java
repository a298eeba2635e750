package org.convlens.model.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.model.LayerGraph;
import org.convlens.model.WeightSpec;
import org.convlens.tensor.Tensor;

/**
 * Binds the weights of an HDF5 file in Keras 2's layout ({@code layer_names}, one group per member of the top
 * model) to the flat graph. A nested model is one group holding all its layers' weights in one list, in the
 * order Keras's legacy saver writes it ({@code trainable_weights + non_trainable_weights}): every trainable
 * weight of its trainable layers, then the rest; a frozen model (or layer) lists all its weights layer by layer
 * in the second part. The list is dealt out by position, as Keras's loader does.
 */
final class LegacyWeights {
  private LegacyWeights() {}

  /** One weight a graph layer expects: which layer, which of its weights. */
  private record Slot(String layer, int index, WeightSpec spec) {}

  /**
   * @return weights by graph layer name
   * @throws KerasFormatException when a nested model's group does not hold as many weights as its layers need
   */
  static Map<String, List<Tensor>> bind(java.nio.file.Path file, KerasWeights keras, LayerTree tree,
      LayerGraph graph) {
    Map<String, List<Tensor>> out = new LinkedHashMap<>();
    for (TreeMember member : tree.members()) {
      if (member instanceof LayerTree.Leaf leaf && leaf.layer() != null) {
        keras.layer(leaf.layer()).ifPresent(l -> out.put(leaf.layer(), values(l)));
      } else if (member instanceof LayerTree nested) {
        keras.layer(nested.name()).ifPresent(l -> deal(file, values(l), nested, graph, out));
      }
    }
    return out;
  }

  private static List<Tensor> values(KerasLayer layer) {
    return layer.weights().stream().map(KerasWeight::value).toList();
  }

  private static void deal(java.nio.file.Path file, List<Tensor> stored, LayerTree nested, LayerGraph graph,
      Map<String, List<Tensor>> out) {
    List<Slot> order = new ArrayList<>(trainable(nested, graph));
    order.addAll(nonTrainable(nested, graph));
    if (order.size() != stored.size()) {
      throw new KerasFormatException(file, "the weights group of the nested model '" + nested.name() + "' holds "
          + stored.size() + " weights, but its layers need " + order.size() + "; the file does not belong to "
          + "this architecture");
    }
    Map<String, Tensor[]> byLayer = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      Slot slot = order.get(i);
      byLayer.computeIfAbsent(slot.layer(), l -> new Tensor[graph.weightSpecs(l).size()])[slot.index()] =
          stored.get(i);
    }
    byLayer.forEach((layer, tensors) -> out.put(layer, List.of(tensors)));
  }

  private static List<Slot> trainable(TreeMember member, LayerGraph graph) {
    List<Slot> slots = new ArrayList<>();
    if (!member.trainable()) {
      return slots;
    }
    if (member instanceof LayerTree tree) {
      tree.members().forEach(m -> slots.addAll(trainable(m, graph)));
    } else {
      slots.addAll(slots((LayerTree.Leaf) member, graph, true));
    }
    return slots;
  }

  private static List<Slot> nonTrainable(TreeMember member, LayerGraph graph) {
    List<Slot> slots = new ArrayList<>();
    if (!member.trainable()) {
      return all(member, graph);
    }
    if (member instanceof LayerTree tree) {
      tree.members().forEach(m -> slots.addAll(nonTrainable(m, graph)));
    } else {
      slots.addAll(slots((LayerTree.Leaf) member, graph, false));
    }
    return slots;
  }

  private static List<Slot> all(TreeMember member, LayerGraph graph) {
    List<Slot> slots = new ArrayList<>();
    if (member instanceof LayerTree tree) {
      tree.members().forEach(m -> slots.addAll(all(m, graph)));
    } else {
      slots.addAll(slots((LayerTree.Leaf) member, graph, null));
    }
    return slots;
  }

  /** A layer's weights that are (not) trainable, or all of them ({@code trainable} null), in its own order. */
  private static List<Slot> slots(LayerTree.Leaf leaf, LayerGraph graph, Boolean trainable) {
    List<Slot> slots = new ArrayList<>();
    if (leaf.layer() == null) {
      return slots;
    }
    List<WeightSpec> specs = graph.weightSpecs(leaf.layer());
    for (int i = 0; i < specs.size(); i++) {
      if (trainable == null || specs.get(i).trainable() == trainable) {
        slots.add(new Slot(leaf.layer(), i, specs.get(i)));
      }
    }
    return slots;
  }
}
