package org.convlens.model;

import java.util.List;

/**
 * A node of the layer graph: its Keras name (weights are matched by it), what it computes, and the names of
 * the layers that feed it.
 */
public record Layer(String name, LayerConfig config, List<String> inbound) {
  public Layer {
    inbound = List.copyOf(inbound);
  }

  public String type() {
    return config.kerasType();
  }
}
