package org.convlens.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What the network produced for one image: layer name to tensor, in the order the layers were requested.
 * Tensors have no batch dimension ({@code [h, w, c]} for feature maps, {@code [1000]} for predictions).
 */
public final class Activations {
  private final Map<String, Tensor> byName;

  public Activations(Map<String, Tensor> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** The activation of {@code layer}; fails with the names that are available when it is absent. */
  public Tensor get(String layer) {
    Tensor t = byName.get(layer);
    if (t == null) {
      throw new NoSuchElementException("no activation for layer '" + layer + "'; available: " + names());
    }
    return t;
  }

  public boolean has(String layer) {
    return byName.containsKey(layer);
  }

  /** Layer names in order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public Map<String, Tensor> asMap() {
    return byName;
  }
}
