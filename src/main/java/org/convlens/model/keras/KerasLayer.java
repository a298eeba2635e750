package org.convlens.model.keras;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a Keras file's {@code layer_names}: the layer's name and its weights in {@code weight_names}
 * order, which is the order Keras assigns them in (e.g. Conv2D kernel then bias; BatchNormalization gamma,
 * beta, moving mean, moving variance). Weightless layers (activations, pads, pools) have an empty list.
 */
public record KerasLayer(String name, List<KerasWeight> weights) {

  public KerasLayer {
    Objects.requireNonNull(name, "name");
    weights = List.copyOf(weights);
  }

  public boolean hasWeights() {
    return !weights.isEmpty();
  }

  /** The first weight whose {@link KerasWeight#shortName()} is {@code shortName} (e.g. {@code "kernel"}). */
  public Optional<KerasWeight> weight(String shortName) {
    return weights.stream().filter(w -> w.shortName().equals(shortName)).findFirst();
  }

  /** Number of stored values, BatchNormalization moving statistics included (as Keras's total params). */
  public long parameterCount() {
    return weights.stream().mapToLong(w -> w.value().size()).sum();
  }
}
