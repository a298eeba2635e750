package org.convlens.model.keras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a Keras HDF5 weights file holds, read eagerly: its layers in the file's {@code layer_names}
 * order (weightless ones included) with their weights, plus the saving Keras version, backend and, for
 * full-model files, the {@code model_config} JSON. Immutable.
 */
public final class KerasWeights {
  private final String kerasVersion;
  private final String backend;
  private final String modelConfig;
  private final List<KerasLayer> layers;
  private final Map<String, KerasLayer> byName;

  /**
   * @param kerasVersion the {@code keras_version} attribute, or null when the file has none
   * @param backend the {@code backend} attribute, or null when the file has none
   * @param modelConfig the {@code model_config} JSON of a full-model file, or null for a weights-only file
   * @param layers the layers in file order; names must be unique
   */
  public KerasWeights(String kerasVersion, String backend, String modelConfig, List<KerasLayer> layers) {
    this.kerasVersion = kerasVersion;
    this.backend = backend;
    this.modelConfig = modelConfig;
    this.layers = List.copyOf(layers);
    Map<String, KerasLayer> map = new LinkedHashMap<>();
    for (KerasLayer layer : this.layers) {
      if (map.putIfAbsent(layer.name(), layer) != null) {
        throw new IllegalArgumentException("duplicate layer name " + layer.name());
      }
    }
    this.byName = map;
  }

  /** The saving Keras version, e.g. {@code 2.2.4} or {@code 2.2.4-tf}; null if the file does not say. */
  public String kerasVersion() {
    return kerasVersion;
  }

  /** The saving backend, e.g. {@code tensorflow} ({@code theano} means flipped conv kernels); may be null. */
  public String backend() {
    return backend;
  }

  /** The {@code model_config} JSON of a full-model file; null for weights-only files. */
  public String modelConfig() {
    return modelConfig;
  }

  /** All layers in file order. */
  public List<KerasLayer> layers() {
    return layers;
  }

  /** The layer names in file order. */
  public List<String> layerNames() {
    return layers.stream().map(KerasLayer::name).toList();
  }

  /** The layers that have weights, in file order: what Keras pairs by position when not loading by name. */
  public List<KerasLayer> weightedLayers() {
    return layers.stream().filter(KerasLayer::hasWeights).toList();
  }

  public Optional<KerasLayer> layer(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Number of weight tensors over all layers. */
  public int tensorCount() {
    return layers.stream().mapToInt(l -> l.weights().size()).sum();
  }

  /** Number of stored values over all layers. */
  public long parameterCount() {
    return layers.stream().mapToLong(KerasLayer::parameterCount).sum();
  }

  @Override
  public String toString() {
    return "KerasWeights[keras " + kerasVersion + ", " + layers.size() + " layers, " + tensorCount()
        + " tensors, " + parameterCount() + " values]";
  }
}
