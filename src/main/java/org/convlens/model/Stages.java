package org.convlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handful of layers worth a tab of their own, for a network that is not a built-in model (those bring their
 * own, see {@link Network#withStages}; ResNet50V2's graph always gets its five): found from its shapes, the last layer at each spatial resolution, in
 * order (e.g. MobileNet's {@code conv_pw_1_relu} at 112x112 ... {@code conv_pw_13_relu} at 7x7), since a
 * network changes resolution exactly where a new stage starts.
 */
public final class Stages {
  private Stages() {}

  public static List<NetworkStage> of(LayerGraph graph) {
    // ResNet50V2, however it was bound (tests, benchmarks, a re-saved file), keeps Keras's stage names.
    if (graph.name().equals(ResNet50V2.NAME) && ResNet50V2.STAGES.stream().allMatch(s -> graph.contains(s.layer()))) {
      return ResNet50V2.STAGES;
    }
    List<NetworkStage> stages = new ArrayList<>();
    int[] resolution = null;
    String last = null;
    for (Layer layer : graph.layers()) {
      int[] shape = graph.outputShape(layer.name());
      boolean map = shape.length == 3 && shape[0] > 1 && shape[1] > 1;
      // Pads only prepare the next layer; the input is the image itself.
      if (!map || layer.config() instanceof Reshaping.ZeroPadding2D || layer.config() instanceof LayerConfig.Input) {
        continue;
      }
      int[] hw = {shape[0], shape[1]};
      if (resolution != null && !Arrays.equals(resolution, hw)) {
        stages.add(new NetworkStage("stage" + (stages.size() + 1), last));
      }
      resolution = hw;
      last = layer.name();
    }
    if (last != null) {
      stages.add(new NetworkStage("stage" + (stages.size() + 1), last));
    }
    return List.copyOf(stages);
  }

  /** {@link #of} as stage name to layer name, in order. */
  public static Map<String, String> layerMap(LayerGraph graph) {
    Map<String, String> map = new LinkedHashMap<>();
    of(graph).forEach(s -> map.put(s.name(), s.layer()));
    return map;
  }
}
