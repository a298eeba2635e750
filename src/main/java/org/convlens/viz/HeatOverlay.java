package org.convlens.viz;

import org.convlens.tensor.Tensor;

/**
 * A class map (Grad-CAM, saliency) drawn over the image it explains: the map is scaled to the image's size with
 * bilinear interpolation, coloured, and blended over the image. The colour covers each pixel in proportion to
 * the map's value there (times an adjustable opacity), so where there is no evidence the image shows unchanged
 * and the eye goes to where the evidence is.
 */
public final class HeatOverlay {
  /** Dark for no evidence through red to pale yellow for the most: reads as heat, and is perceptually uniform. */
  public static final Colormap DEFAULT_COLORMAP = Colormap.MAGMA;
  public static final double DEFAULT_OPACITY = 0.7;

  private HeatOverlay() {}

  /**
   * {@code map} ({@code [h, w]}) resampled to {@code width x height}, sample centres aligned (as an image resize
   * does, so a 7x7 Grad-CAM cell covers its 32x32 pixels of a 224 image), edges clamped.
   *
   * @return {@code [height, width]}
   */
  public static Tensor upsample(Tensor map, int width, int height) {
    int mh = map.dim(0), mw = map.dim(1);
    float[] m = map.data();
    float[] out = new float[Math.multiplyExact(width, height)];
    for (int y = 0; y < height; y++) {
      double sy = Math.min(mh - 1, Math.max(0, (y + 0.5) * mh / height - 0.5));
      int y0 = (int) sy, y1 = Math.min(mh - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.min(mw - 1, Math.max(0, (x + 0.5) * mw / width - 0.5));
        int x0 = (int) sx, x1 = Math.min(mw - 1, x0 + 1);
        double fx = sx - x0;
        double top = m[y0 * mw + x0] * (1 - fx) + m[y0 * mw + x1] * fx;
        double bottom = m[y1 * mw + x0] * (1 - fx) + m[y1 * mw + x1] * fx;
        out[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return Tensor.of(out, height, width);
  }

  /**
   * {@code image} with {@code map} (values in [0, 1], any size) over it.
   *
   * @param opacity how much colour covers the hottest pixels: 0 shows only the image, 1 only the map's colour there
   */
  public static Raster render(Raster image, Tensor map, Colormap colormap, double opacity) {
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("opacity " + opacity + ": give 0 to 1");
    }
    int w = image.width(), h = image.height();
    float[] heat = upsample(map, w, h).data();
    int[] out = new int[w * h];
    int[] in = image.pixels();
    for (int i = 0; i < out.length; i++) {
      float t = Math.min(1, Math.max(0, heat[i]));
      out[i] = blend(in[i], colormap.argb(t), opacity * t);
    }
    return Raster.wrap(w, h, out);
  }

  /**
   * {@code map} divided by its {@code quantile} (e.g. 0.99) and capped at 1, for showing sparse maps: a saliency
   * map's few largest gradients would otherwise leave the rest invisible (Smilkov et al. show theirs so). A map
   * whose quantile is 0 comes back unchanged.
   */
  public static Tensor clippedAt(Tensor map, double quantile) {
    float[] sorted = map.data().clone();
    java.util.Arrays.sort(sorted);
    float cap = sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
    if (!(cap > 0)) {
      return map;
    }
    float[] out = new float[sorted.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.min(1, map.data()[i] / cap);
    }
    return Tensor.of(out, map.shape());
  }

  /** {@code (1 - a) * under + a * over} per colour channel; the result is opaque. */
  static int blend(int under, int over, double a) {
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int u = (under >> shift) & 0xFF;
      int o = (over >> shift) & 0xFF;
      rgb |= (int) Math.round(u + (o - u) * a) << shift;
    }
    return 0xFF000000 | rgb;
  }
}
