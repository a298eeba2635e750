package org.convlens.model.keras;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.convlens.model.LayerGraph;
import org.convlens.tensor.Tensor;

/**
 * A Keras model of the user's own, read whole: its layer graph, its weights by layer name (in Keras's order within
 * each layer), and the Keras version that wrote it.
 */
public record KerasModel(LayerGraph graph, Map<String, List<Tensor>> weights, String kerasVersion) {

  /**
   * Reads a whole model ({@code weights} null) or an architecture JSON with its weights file.
   *
   * @throws KerasFormatException naming the file and what is wrong
   */
  public static KerasModel read(Path file, Path weights) {
    if (weights != null || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5")) {
      throw new KerasFormatException(file,
          "only whole-model Keras 2 .h5 files open so far; .keras archives and .json architectures come next");
    }
    KerasWeights keras = KerasWeightsReader.read(file);
    if (keras.modelConfig() == null) {
      throw new KerasFormatException(file, "holds weights only, no architecture; give the model's .json "
          + "(model.to_json()) with it, or use it as ResNet50V2 weights with --weights");
    }
    Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
    for (KerasLayer layer : keras.weightedLayers()) {
      byLayer.put(layer.name(), layer.weights().stream().map(KerasWeight::value).toList());
    }
    return new KerasModel(KerasArchitecture.parse(file, keras.modelConfig(), keras.kerasVersion()), byLayer,
        keras.kerasVersion());
  }
}
