package org.convlens.model.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.convlens.model.LayerGraph;
import org.convlens.model.WeightSpec;
import org.convlens.tensor.Tensor;

/**
 * Reads the weights of a {@code .keras} archive ({@code model.weights.h5}, also {@code save_weights("x.weights.h5")})
 * as Keras 3's loader finds them: walking each model's layers in order, a layer's variables are at
 * {@code layers/<key>/vars/0, 1, ...}, where the key is the snake_case class name with a counter per class
 * ({@code conv2d, conv2d_1, ...}), not the layer's name; a nested model's layers are under its own key. Keras
 * 2.13 archives say {@code _layer_checkpoint_dependencies} instead of {@code layers}, where a layer with weights
 * counts twice (read from Keras 2.13.1's source; no such file was at hand to check). Anything else in the file
 * (optimizer variables) is ignored.
 */
final class ArchiveWeights {
  private static final Pattern WORD_START = Pattern.compile("(.)([A-Z][a-z]+)");
  private static final Pattern CAMEL = Pattern.compile("([a-z])([A-Z])");

  private ArchiveWeights() {}

  /** Whether an HDF5 file is in this layout rather than Keras 2's (no {@code layer_names} anywhere). */
  static boolean isArchiveLayout(HdfFile hdf) {
    return hdf.getAttribute("layer_names") == null && !hdf.getChildren().containsKey("model_weights")
        && (hdf.getChildren().containsKey("layers")
            || hdf.getChildren().containsKey("_layer_checkpoint_dependencies"));
  }

  /**
   * @param name the weights file, for messages
   * @return weights by graph layer name
   * @throws KerasFormatException naming the layer and the missing or extra variable
   */
  static Map<String, List<Tensor>> read(Path name, HdfFile hdf, LayerTree tree, LayerGraph graph) {
    Map<String, List<Tensor>> out = new LinkedHashMap<>();
    walk(name, hdf, tree, graph, out);
    return out;
  }

  private static void walk(Path file, Group container, LayerTree tree, LayerGraph graph,
      Map<String, List<Tensor>> out) {
    Map<String, Integer> used = new HashMap<>();
    // Keras 2.13 walked _layer_checkpoint_dependencies, which lists a layer with weights twice
    // ("layer_with_weights-k", then "layer-i"): its first key holds the weights, the second one is skipped.
    boolean listedTwice = !container.getChildren().containsKey("layers")
        && container.getChildren().containsKey("_layer_checkpoint_dependencies");
    for (TreeMember member : tree.members()) {
      String key = uniqueName(snakeCase(member.className()), used);
      if (listedTwice && hasWeights(member, graph)) {
        uniqueName(snakeCase(member.className()), used);
      }
      Group group = child(container, key);
      if (member instanceof LayerTree nested) {
        if (group == null) {
          throw missing(file, container, key, "the nested model '" + nested.name() + "'");
        }
        walk(file, group, nested, graph, out);
        continue;
      }
      LayerTree.Leaf leaf = (LayerTree.Leaf) member;
      int expected = leaf.layer() == null ? 0 : graph.weightSpecs(leaf.layer()).size();
      if (expected == 0) {
        continue;
      }
      Node vars = group == null ? null : group.getChildren().get("vars");
      if (!(vars instanceof Group varsGroup)) {
        throw missing(file, container, key + "/vars", "layer '" + leaf.layer() + "'");
      }
      checkName(file, varsGroup, leaf.layer());
      out.put(leaf.layer(), variables(file, varsGroup, leaf.layer(), graph.weightSpecs(leaf.layer())));
    }
  }

  private static boolean hasWeights(TreeMember member, LayerGraph graph) {
    if (member instanceof LayerTree tree) {
      return tree.members().stream().anyMatch(m -> hasWeights(m, graph));
    }
    String layer = ((LayerTree.Leaf) member).layer();
    return layer != null && !graph.weightSpecs(layer).isEmpty();
  }

  private static List<Tensor> variables(Path file, Group vars, String layer, List<WeightSpec> specs) {
    int expected = specs.size();
    // Keys are "0", "1", ..., "10": read them by number, never in the (text) order HDF5 lists them.
    int stored = vars.getChildren().size();
    if (stored != expected) {
      throw new KerasFormatException(file, "layer '" + layer + "' needs " + expected + " variables but the "
          + "weights file has " + stored + " at " + vars.getPath() + "; the weights do not belong to this model");
    }
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < expected; i++) {
      Node v = vars.getChildren().get(Integer.toString(i));
      if (!(v instanceof Dataset dataset)) {
        throw new KerasFormatException(file, "variable " + i + " of layer '" + layer + "' is missing at "
            + vars.getPath() + i + "; the weights file is incomplete or not from this model");
      }
      if (!Arrays.equals(dataset.getDimensions(), specs.get(i).shape())) {
        throw new KerasFormatException(file, "variable " + i + " (" + specs.get(i).name() + ") of layer '" + layer
            + "' at " + dataset.getPath() + " has shape " + Tensor.formatShape(dataset.getDimensions())
            + " but the layer needs " + Tensor.formatShape(specs.get(i).shape()) + "; the weights do not belong "
            + "to this model");
      }
      tensors.add(KerasWeightsReader.readTensor(file, dataset));
    }
    return tensors;
  }

  /** Since Keras 3.6 each {@code vars} group names its layer: a check that the walk matches the file. */
  private static void checkName(Path file, Group vars, String layer) {
    Attribute name = vars.getAttribute("name");
    String own = layer.substring(layer.lastIndexOf('/') + 1);
    if (name != null && name.getData() instanceof String stored && !stored.equals(own)) {
      throw new KerasFormatException(file, "the weights at " + vars.getPath() + " belong to layer '" + stored
          + "', but the model puts layer '" + own + "' there; the weights file does not match the config");
    }
  }

  private static Group child(Group container, String key) {
    for (String list : new String[] {"layers", "_layer_checkpoint_dependencies"}) {
      Node layers = container.getChildren().get(list);
      if (layers instanceof Group g && g.getChildren().get(key) instanceof Group found) {
        return found;
      }
    }
    return null;
  }

  private static KerasFormatException missing(Path file, Group container, String key, String what) {
    String path = (container.getPath().endsWith("/") ? container.getPath() : container.getPath() + "/")
        + "layers/" + key;
    return new KerasFormatException(file, "the weights of " + what + " are missing (expected at " + path
        + "); the weights file is incomplete or not from this model");
  }

  /** Keras's {@code naming.to_snake_case}: {@code Conv2DTranspose -> conv2d_transpose}, {@code PReLU -> p_re_lu}. */
  static String snakeCase(String className) {
    String name = className.replaceAll("\\W+", "");
    name = WORD_START.matcher(name).replaceAll("$1_$2");
    return CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String uniqueName(String name, Map<String, Integer> used) {
    Integer n = used.get(name);
    if (n == null) {
      used.put(name, 0);
      return name;
    }
    used.put(name, n + 1);
    return name + "_" + (n + 1);
  }
}
