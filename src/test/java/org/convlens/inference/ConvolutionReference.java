package org.convlens.inference;

import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.Window;
import org.convlens.tensor.Tensor;

/** Plain-Java convolutions, written from their definitions (zero padding split as TensorFlow's "same" does). */
final class ConvolutionReference {
  private ConvolutionReference() {}

  /** Padding before the first row (or column) for "same": half the total, the odd one after. */
  static int padBefore(Padding padding, int in, int out, int kernel, int stride) {
    return padding == Padding.VALID ? 0 : Math.max((out - 1) * stride + kernel - in, 0) / 2;
  }

  /** Convolution with a {@code [kh, kw, in / groups, filters]} kernel; bias may be null. */
  static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Window w, int groups) {
    int h = x.dim(0), wd = x.dim(1);
    int kh = kernel.dim(0), kw = kernel.dim(1), cg = kernel.dim(2), f = kernel.dim(3);
    int[] out = w.outputSize(h, wd);
    int pt = padBefore(w.padding(), h, out[0], (kh - 1) * w.dilationHeight() + 1, w.strideHeight());
    int pl = padBefore(w.padding(), wd, out[1], (kw - 1) * w.dilationWidth() + 1, w.strideWidth());
    Tensor y = Tensor.zeros(out[0], out[1], f);
    for (int i = 0; i < out[0]; i++) {
      for (int j = 0; j < out[1]; j++) {
        for (int o = 0; o < f; o++) {
          int group = o / (f / groups);
          double sum = bias == null ? 0 : bias.get(o);
          for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
              int ii = i * w.strideHeight() + a * w.dilationHeight() - pt;
              int jj = j * w.strideWidth() + b * w.dilationWidth() - pl;
              if (ii < 0 || jj < 0 || ii >= h || jj >= wd) {
                continue;
              }
              for (int c = 0; c < cg; c++) {
                sum += x.get(ii, jj, group * cg + c) * kernel.get(a, b, c, o);
              }
            }
          }
          y.data()[y.offset(i, j, o)] = (float) sum;
        }
      }
    }
    return y;
  }

  /** Depthwise convolution, kernel {@code [kh, kw, c, m]}: output channel {@code c * m + q} reads channel c. */
  static Tensor depthwise(Tensor x, Tensor kernel, Tensor bias, Window w) {
    int h = x.dim(0), wd = x.dim(1), ch = x.dim(2);
    int kh = kernel.dim(0), kw = kernel.dim(1), m = kernel.dim(3);
    int[] out = w.outputSize(h, wd);
    int pt = padBefore(w.padding(), h, out[0], (kh - 1) * w.dilationHeight() + 1, w.strideHeight());
    int pl = padBefore(w.padding(), wd, out[1], (kw - 1) * w.dilationWidth() + 1, w.strideWidth());
    Tensor y = Tensor.zeros(out[0], out[1], ch * m);
    for (int i = 0; i < out[0]; i++) {
      for (int j = 0; j < out[1]; j++) {
        for (int c = 0; c < ch; c++) {
          for (int q = 0; q < m; q++) {
            double sum = bias == null ? 0 : bias.get(c * m + q);
            for (int a = 0; a < kh; a++) {
              for (int b = 0; b < kw; b++) {
                int ii = i * w.strideHeight() + a * w.dilationHeight() - pt;
                int jj = j * w.strideWidth() + b * w.dilationWidth() - pl;
                if (ii >= 0 && jj >= 0 && ii < h && jj < wd) {
                  sum += x.get(ii, jj, c) * kernel.get(a, b, c, q);
                }
              }
            }
            y.data()[y.offset(i, j, c * m + q)] = (float) sum;
          }
        }
      }
    }
    return y;
  }

  /**
   * Transposed convolution, kernel {@code [kh, kw, filters, in]}: every input value spreads over the output;
   * the result is cropped as the forward "same" convolution from the output would pad it.
   */
  static Tensor transpose(Tensor x, Tensor kernel, Tensor bias, Window w, int outH, int outW) {
    int h = x.dim(0), wd = x.dim(1), cin = x.dim(2);
    int kh = kernel.dim(0), kw = kernel.dim(1), f = kernel.dim(2);
    int pt = padBefore(w.padding(), outH, h, kh, w.strideHeight());
    int pl = padBefore(w.padding(), outW, wd, kw, w.strideWidth());
    double[] acc = new double[outH * outW * f];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < wd; j++) {
        for (int a = 0; a < kh; a++) {
          for (int b = 0; b < kw; b++) {
            int oi = i * w.strideHeight() + a - pt;
            int oj = j * w.strideWidth() + b - pl;
            if (oi < 0 || oj < 0 || oi >= outH || oj >= outW) {
              continue;
            }
            for (int o = 0; o < f; o++) {
              for (int c = 0; c < cin; c++) {
                acc[(oi * outW + oj) * f + o] += x.get(i, j, c) * kernel.get(a, b, o, c);
              }
            }
          }
        }
      }
    }
    float[] y = new float[acc.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (acc[i] + (bias == null ? 0 : bias.get(i % f)));
    }
    return Tensor.of(y, outH, outW, f);
  }
}
