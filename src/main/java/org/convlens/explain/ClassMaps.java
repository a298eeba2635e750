package org.convlens.explain;

import org.convlens.tensor.Tensor;

/** The arithmetic of class maps, on plain tensors of one sample. */
public final class ClassMaps {
  private ClassMaps() {}

  /**
   * Grad-CAM: alpha_k = mean over positions of d score / d A_k; map = ReLU(sum_k alpha_k A_k), divided by its
   * maximum.
   *
   * @param activations {@code [h, w, k]}
   * @param gradient the score's gradient w.r.t. them, same shape
   * @return {@code [h, w]}, maximum 1, or all zero when no position has positive evidence
   */
  public static Tensor gradCam(Tensor activations, Tensor gradient) {
    int h = activations.dim(0), w = activations.dim(1), k = activations.dim(2);
    float[] a = activations.data();
    float[] g = gradient.data();
    double[] alpha = new double[k];
    for (int i = 0; i < h * w; i++) {
      for (int c = 0; c < k; c++) {
        alpha[c] += g[i * k + c];
      }
    }
    float[] map = new float[h * w];
    for (int i = 0; i < h * w; i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += alpha[c] * a[i * k + c];
      }
      // The 1/(h*w) of the mean scales every position alike, so it cancels in the division by the maximum.
      map[i] = (float) Math.max(0, sum);
    }
    return normalised(Tensor.of(map, h, w));
  }

  /** Saliency: {@code max over channels |gradient|}, {@code [h, w, c]} to {@code [h, w]}, not normalised. */
  public static Tensor saliency(Tensor gradient) {
    int h = gradient.dim(0), w = gradient.dim(1), c = gradient.dim(2);
    float[] g = gradient.data();
    float[] map = new float[h * w];
    for (int i = 0; i < h * w; i++) {
      float m = 0;
      for (int k = 0; k < c; k++) {
        m = Math.max(m, Math.abs(g[i * c + k]));
      }
      map[i] = m;
    }
    return Tensor.of(map, h, w);
  }

  /** {@code map} divided by its maximum; an all-zero (or all-negative, or non-finite) map comes back all zero. */
  public static Tensor normalised(Tensor map) {
    float max = 0;
    for (float v : map.data()) {
      max = Math.max(max, v);
    }
    float[] out = new float[map.size()];
    if (max > 0 && Float.isFinite(max)) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.max(0, map.data()[i]) / max;
      }
    }
    return Tensor.of(out, map.shape());
  }

  /** The share of the map's total (non-negative) mass inside rows {@code [top, bottom)}, columns {@code [left, right)}. */
  public static double massInside(Tensor map, int left, int top, int right, int bottom) {
    int w = map.dim(1);
    double inside = 0;
    double total = 0;
    for (int i = 0; i < map.size(); i++) {
      double v = Math.max(0, map.data()[i]);
      total += v;
      int y = i / w, x = i % w;
      if (y >= top && y < bottom && x >= left && x < right) {
        inside += v;
      }
    }
    return total > 0 ? inside / total : 0;
  }
}
