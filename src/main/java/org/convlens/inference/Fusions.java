package org.convlens.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convlens.model.ActivationFunction;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Normalizations;
import org.convlens.model.Reshaping;

/**
 * Which layers the fast path computes together (see {@link TfGraphBuilder#buildFast}): a BatchNormalization folded
 * into the convolution before it, and a ZeroPadding2D taken into the convolution after it as explicit padding.
 * A layer is only absorbed when its output feeds nothing else and is not itself wanted, so every wanted output
 * still exists on the fast path.
 */
record Fusions(Map<String, String> foldedConv, Map<String, String> explicitPad) {
  /** The plan for computing {@code wanted} from {@code graph}. */
  static Fusions plan(LayerGraph graph, Collection<String> wanted) {
    Map<String, List<String>> consumers = new HashMap<>();
    for (Layer layer : graph.layers()) {
      for (String in : layer.inbound()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(layer.name());
      }
    }
    Set<String> kept = Set.copyOf(wanted);
    Map<String, String> folded = new HashMap<>();
    Map<String, String> padded = new HashMap<>();
    for (Layer layer : graph.layers()) {
      if (layer.inbound().size() != 1) {
        continue;
      }
      Layer before = graph.layer(layer.inbound().get(0));
      boolean onlyFeedsThis = consumers.get(before.name()).size() == 1 && !kept.contains(before.name());
      if (!onlyFeedsThis) {
        continue;
      }
      if (layer.config() instanceof Normalizations.BatchNormalization bn && channelsLast(graph, bn, before)
          && foldable(before.config())) {
        folded.put(layer.name(), before.name());
      } else if (before.config() instanceof Reshaping.ZeroPadding2D && validConv(layer.config())) {
        padded.put(layer.name(), before.name());
      }
    }
    return new Fusions(Map.copyOf(folded), Map.copyOf(padded));
  }

  /** The layer is computed inside another one on the fast path and has no output of its own there. */
  boolean absorbed(String layer) {
    return foldedConv.containsValue(layer) || explicitPad.containsValue(layer);
  }

  private static boolean channelsLast(LayerGraph graph, Normalizations.BatchNormalization bn, Layer before) {
    int rank = graph.outputShape(before.name()).length + 1;
    return rank == 4 && (bn.axis() == -1 || bn.axis() == 3);
  }

  /** A plain or depthwise convolution with nothing after it (a bias is fine): BN's scale and shift fold in. */
  private static boolean foldable(LayerConfig config) {
    if (config instanceof Convolutions.Conv2D c) {
      return c.groups() == 1 && c.activation() == ActivationFunction.LINEAR;
    }
    return config instanceof Convolutions.DepthwiseConv2D c && !c.window().dilated()
        && c.activation() == ActivationFunction.LINEAR;
  }

  private static boolean validConv(LayerConfig config) {
    if (config instanceof Convolutions.Conv2D c) {
      return c.groups() == 1 && c.window().padding() == LayerConfig.Padding.VALID;
    }
    return config instanceof Convolutions.DepthwiseConv2D c && !c.window().dilated()
        && c.window().padding() == LayerConfig.Padding.VALID;
  }
}
