package org.convlens.inference;

import org.convlens.tensor.Tensor;

/** Plain-Java normalisations, from their definitions. */
final class NormalizationReference {
  private NormalizationReference() {}

  /** Batch norm over the last axis; gamma or beta may be null (scale or center off). */
  static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
    float[] y = new float[x.size()];
    int c = x.dim(-1);
    for (int i = 0; i < y.length; i++) {
      int k = i % c;
      double g = gamma == null ? 1 : gamma.get(k);
      double b = beta == null ? 0 : beta.get(k);
      y[i] = (float) (g * (x.data()[i] - mean.get(k)) / Math.sqrt(var.get(k) + eps) + b);
    }
    return Tensor.of(y, x.shape());
  }

  /**
   * Layer norm over the trailing {@code n} axes of a batch-dropped tensor (population variance), gamma and beta
   * shaped like those axes.
   */
  static Tensor layerNorm(Tensor x, int n, Tensor gamma, Tensor beta, float eps) {
    int group = 1;
    for (int d = x.rank() - n; d < x.rank(); d++) {
      group *= x.dim(d);
    }
    float[] y = new float[x.size()];
    for (int start = 0; start < y.length; start += group) {
      double mean = 0;
      for (int i = 0; i < group; i++) {
        mean += x.data()[start + i];
      }
      mean /= group;
      double var = 0;
      for (int i = 0; i < group; i++) {
        double d = x.data()[start + i] - mean;
        var += d * d;
      }
      var /= group;
      for (int i = 0; i < group; i++) {
        y[start + i] = (float) ((x.data()[start + i] - mean) / Math.sqrt(var + eps) * gamma.data()[i] + beta.data()[i]);
      }
    }
    return Tensor.of(y, x.shape());
  }
}
