package org.convlens.model.keras;

import java.util.Objects;
import org.convlens.tensor.Tensor;

/**
 * One stored weight of a layer: its name exactly as the file has it (e.g. {@code conv1_conv/kernel:0}) and
 * its value, float32 in C order with the stored shape.
 *
 * <p>Stored names are labels of the saving session ({@code conv1_3/kernel:0} in group {@code conv1}); Keras
 * pairs weights by position, so use {@link #shortName()} only as a hint.
 */
public record KerasWeight(String name, Tensor value) {

  public KerasWeight {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** The variable's own name: the part after the last '/', without a TensorFlow {@code :0} suffix. */
  public String shortName() {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.replaceFirst(":\\d+$", "");
  }

  @Override
  public String toString() {
    return name + " " + Tensor.formatShape(value.shape());
  }
}
