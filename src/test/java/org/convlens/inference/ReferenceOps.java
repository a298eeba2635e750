package org.convlens.inference;

import org.convlens.tensor.Tensor;

/** Plain-Java reference implementations of the layers, written from their definitions, to check TensorFlow. */
final class ReferenceOps {
  private ReferenceOps() {}

  static Tensor pad(Tensor x, int p) {
    int h = x.dim(0), w = x.dim(1), c = x.dim(2);
    Tensor out = Tensor.zeros(h + 2 * p, w + 2 * p, c);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int k = 0; k < c; k++) {
          out.data()[out.offset(i + p, j + p, k)] = x.get(i, j, k);
        }
      }
    }
    return out;
  }

  /** VALID convolution, kernel [kh, kw, in, out]. */
  static Tensor conv(Tensor x, Tensor kernel, Tensor bias, int stride) {
    int kh = kernel.dim(0), kw = kernel.dim(1), cin = kernel.dim(2), cout = kernel.dim(3);
    int oh = (x.dim(0) - kh) / stride + 1, ow = (x.dim(1) - kw) / stride + 1;
    Tensor out = Tensor.zeros(oh, ow, cout);
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int o = 0; o < cout; o++) {
          double sum = bias == null ? 0 : bias.get(o);
          for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
              for (int k = 0; k < cin; k++) {
                sum += x.get(i * stride + a, j * stride + b, k) * kernel.get(a, b, k, o);
              }
            }
          }
          out.data()[out.offset(i, j, o)] = (float) sum;
        }
      }
    }
    return out;
  }

  static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
    float[] y = x.data().clone();
    int c = x.dim(-1);
    for (int i = 0; i < y.length; i++) {
      int k = i % c;
      y[i] = (float) (gamma.get(k) * (y[i] - mean.get(k)) / Math.sqrt(var.get(k) + eps) + beta.get(k));
    }
    return Tensor.of(y, x.shape());
  }

  static Tensor relu(Tensor x) {
    float[] y = x.data().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0, y[i]);
    }
    return Tensor.of(y, x.shape());
  }

  static Tensor maxPool(Tensor x, int pool, int stride) {
    int oh = (x.dim(0) - pool) / stride + 1, ow = (x.dim(1) - pool) / stride + 1, c = x.dim(2);
    Tensor out = Tensor.zeros(oh, ow, c);
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int k = 0; k < c; k++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int a = 0; a < pool; a++) {
            for (int b = 0; b < pool; b++) {
              m = Math.max(m, x.get(i * stride + a, j * stride + b, k));
            }
          }
          out.data()[out.offset(i, j, k)] = m;
        }
      }
    }
    return out;
  }

  static Tensor add(Tensor a, Tensor b) {
    float[] y = a.data().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += b.data()[i];
    }
    return Tensor.of(y, a.shape());
  }

  static Tensor globalAveragePool(Tensor x) {
    int h = x.dim(0), w = x.dim(1), c = x.dim(2);
    float[] y = new float[c];
    for (int i = 0; i < h * w; i++) {
      for (int k = 0; k < c; k++) {
        y[k] += x.data()[i * c + k];
      }
    }
    for (int k = 0; k < c; k++) {
      y[k] /= h * w;
    }
    return Tensor.of(y, c);
  }

  static Tensor denseSoftmax(Tensor x, Tensor kernel, Tensor bias) {
    int in = kernel.dim(0), units = kernel.dim(1);
    double[] z = new double[units];
    double max = Double.NEGATIVE_INFINITY;
    for (int u = 0; u < units; u++) {
      z[u] = bias.get(u);
      for (int i = 0; i < in; i++) {
        z[u] += x.get(i) * kernel.get(i, u);
      }
      max = Math.max(max, z[u]);
    }
    double sum = 0;
    for (int u = 0; u < units; u++) {
      z[u] = Math.exp(z[u] - max);
      sum += z[u];
    }
    float[] y = new float[units];
    for (int u = 0; u < units; u++) {
      y[u] = (float) (z[u] / sum);
    }
    return Tensor.of(y, units);
  }
}
