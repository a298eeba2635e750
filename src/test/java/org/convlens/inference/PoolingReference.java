package org.convlens.inference;

import org.convlens.model.Window;
import org.convlens.tensor.Tensor;

/** Plain-Java pooling: windows over the image; "same" padding positions never count. */
final class PoolingReference {
  private PoolingReference() {}

  static Tensor pool(Tensor x, Window w, boolean max) {
    int h = x.dim(0), wd = x.dim(1), c = x.dim(2);
    int[] out = w.outputSize(h, wd);
    int pt = ConvolutionReference.padBefore(w.padding(), h, out[0], w.height(), w.strideHeight());
    int pl = ConvolutionReference.padBefore(w.padding(), wd, out[1], w.width(), w.strideWidth());
    Tensor y = Tensor.zeros(out[0], out[1], c);
    for (int i = 0; i < out[0]; i++) {
      for (int j = 0; j < out[1]; j++) {
        for (int k = 0; k < c; k++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          int count = 0;
          for (int a = 0; a < w.height(); a++) {
            for (int b = 0; b < w.width(); b++) {
              int ii = i * w.strideHeight() + a - pt;
              int jj = j * w.strideWidth() + b - pl;
              if (ii >= 0 && jj >= 0 && ii < h && jj < wd) {
                float v = x.get(ii, jj, k);
                acc = max ? Math.max(acc, v) : acc + v;
                count++;
              }
            }
          }
          y.data()[y.offset(i, j, k)] = (float) (max ? acc : acc / count);
        }
      }
    }
    return y;
  }

  static Tensor global(Tensor x, boolean max, boolean keepDims) {
    int h = x.dim(0), w = x.dim(1), c = x.dim(2);
    float[] y = new float[c];
    for (int k = 0; k < c; k++) {
      double acc = max ? Double.NEGATIVE_INFINITY : 0;
      for (int i = 0; i < h * w; i++) {
        float v = x.data()[i * c + k];
        acc = max ? Math.max(acc, v) : acc + v;
      }
      y[k] = (float) (max ? acc : acc / (h * w));
    }
    return keepDims ? Tensor.of(y, 1, 1, c) : Tensor.of(y, c);
  }
}
