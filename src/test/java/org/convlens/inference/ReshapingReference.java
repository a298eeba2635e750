package org.convlens.inference;

import org.convlens.tensor.Tensor;

/** Plain-Java padding, cropping, resizing and axis moves of {@code [h, w, c]} images. */
final class ReshapingReference {
  private ReshapingReference() {}

  /** Rows {@code top..top+h-1} and columns {@code left..left+w-1}; out-of-image positions are zero. */
  static Tensor window(Tensor x, int top, int left, int h, int w) {
    int c = x.dim(2);
    Tensor y = Tensor.zeros(h, w, c);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int ii = i + top, jj = j + left;
        if (ii < 0 || jj < 0 || ii >= x.dim(0) || jj >= x.dim(1)) {
          continue;
        }
        for (int k = 0; k < c; k++) {
          y.data()[y.offset(i, j, k)] = x.get(ii, jj, k);
        }
      }
    }
    return y;
  }

  /** Nearest neighbour with half-pixel centres: source {@code floor((o + 0.5) * in / out)}. */
  static Tensor nearest(Tensor x, int outH, int outW) {
    int h = x.dim(0), w = x.dim(1), c = x.dim(2);
    Tensor y = Tensor.zeros(outH, outW, c);
    for (int i = 0; i < outH; i++) {
      int ii = Math.min((int) Math.floor((i + 0.5) * h / outH), h - 1);
      for (int j = 0; j < outW; j++) {
        int jj = Math.min((int) Math.floor((j + 0.5) * w / outW), w - 1);
        for (int k = 0; k < c; k++) {
          y.data()[y.offset(i, j, k)] = x.get(ii, jj, k);
        }
      }
    }
    return y;
  }

  /** Bilinear with half-pixel centres: source {@code (o + 0.5) * in / out - 0.5}, clamped to the image. */
  static Tensor bilinear(Tensor x, int outH, int outW) {
    int h = x.dim(0), w = x.dim(1), c = x.dim(2);
    Tensor y = Tensor.zeros(outH, outW, c);
    for (int i = 0; i < outH; i++) {
      double si = (i + 0.5) * h / outH - 0.5;
      int i0 = (int) Math.max(Math.floor(si), 0), i1 = (int) Math.min(Math.ceil(si), h - 1);
      double fi = si - Math.floor(si);
      for (int j = 0; j < outW; j++) {
        double sj = (j + 0.5) * w / outW - 0.5;
        int j0 = (int) Math.max(Math.floor(sj), 0), j1 = (int) Math.min(Math.ceil(sj), w - 1);
        double fj = sj - Math.floor(sj);
        for (int k = 0; k < c; k++) {
          double top = x.get(i0, j0, k) + (x.get(i0, j1, k) - x.get(i0, j0, k)) * fj;
          double bottom = x.get(i1, j0, k) + (x.get(i1, j1, k) - x.get(i1, j0, k)) * fj;
          y.data()[y.offset(i, j, k)] = (float) (top + (bottom - top) * fi);
        }
      }
    }
    return y;
  }

  /** Axes reordered: output axis {@code i} is input axis {@code dims[i] - 1} (Keras's 1-based Permute). */
  static Tensor permute(Tensor x, int[] dims) {
    int[] in = x.shape();
    int[] outShape = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      outShape[i] = in[dims[i] - 1];
    }
    Tensor y = Tensor.zeros(outShape);
    int[] idx = new int[in.length];
    int[] src = new int[in.length];
    for (int flat = 0; flat < y.size(); flat++) {
      int rest = flat;
      for (int d = in.length - 1; d >= 0; d--) {
        idx[d] = rest % outShape[d];
        rest /= outShape[d];
      }
      for (int d = 0; d < in.length; d++) {
        src[dims[d] - 1] = idx[d];
      }
      y.data()[flat] = x.get(src);
    }
    return y;
  }
}
