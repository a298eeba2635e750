package org.convlens.model.keras;

import java.util.List;

/**
 * A model's layers as Keras nests them: what the weights files are keyed by. The graph is flat (a nested model's
 * layers are named by path, {@code base/conv1}); the tree keeps, per model, its members in {@code model.layers}
 * order with their class and {@code trainable} flag, which decide where each format stores their weights.
 *
 * @param name the model's own name (the weights group of a nested model in an HDF5 file)
 * @param className {@code Functional} or {@code Sequential}
 */
record LayerTree(String name, String className, boolean trainable, List<TreeMember> members)
    implements TreeMember {

  LayerTree {
    members = List.copyOf(members);
  }

  /**
   * A layer (not a model).
   *
   * @param layer its name in the flat graph (its first call), or null when it has no node there (the input of a
   *     nested model, which is the outer tensor)
   */
  record Leaf(String className, String layer, boolean trainable) implements TreeMember {}
}

/** A member of a model: a layer or a nested model. */
sealed interface TreeMember permits LayerTree, LayerTree.Leaf {
  String className();

  boolean trainable();
}
