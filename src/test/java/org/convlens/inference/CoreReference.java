package org.convlens.inference;

import org.convlens.tensor.Tensor;

/** Plain-Java fully connected layer and element-wise helpers. */
final class CoreReference {
  private CoreReference() {}

  /** {@code x · kernel + bias} over the last axis; bias may be null. */
  static Tensor dense(Tensor x, Tensor kernel, Tensor bias) {
    int in = kernel.dim(0), units = kernel.dim(1);
    int rows = x.size() / in;
    float[] y = new float[rows * units];
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < units; u++) {
        double sum = bias == null ? 0 : bias.get(u);
        for (int i = 0; i < in; i++) {
          sum += x.data()[r * in + i] * kernel.get(i, u);
        }
        y[r * units + u] = (float) sum;
      }
    }
    int[] shape = x.shape();
    shape[shape.length - 1] = units;
    return Tensor.of(y, shape);
  }

  /** {@code f(a, b)} with {@code b} broadcast when it is {@code [1, 1, c]} or a vector over the last axis. */
  static Tensor combine(Tensor a, Tensor b, java.util.function.DoubleBinaryOperator f) {
    float[] y = new float[a.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) f.applyAsDouble(a.data()[i], b.data()[i % b.size()]);
    }
    return Tensor.of(y, a.shape());
  }
}
