package org.convlens.model;

/**
 * One weight a layer expects: its short Keras name ({@code kernel}, {@code moving_mean}, ...), its shape,
 * and whether training changes it (batch-norm moving statistics do not; Keras counts them as non-trainable).
 */
public record WeightSpec(String name, int[] shape, boolean trainable) {
  static WeightSpec trainable(String name, int... shape) {
    return new WeightSpec(name, shape, true);
  }

  static WeightSpec nonTrainable(String name, int... shape) {
    return new WeightSpec(name, shape, false);
  }

  public long size() {
    return org.convlens.tensor.Tensor.sizeOf(shape);
  }
}
