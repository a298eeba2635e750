package org.convlens.image;

/**
 * Resizes images the way Pillow's {@code Image.resize(size, Image.BILINEAR)} does, because the reference
 * predictions we compare against were made from images resized by Pillow, and a network notices the
 * difference between resampling filters.
 *
 * <p>That is a separable triangle filter, horizontal pass first, then vertical. When shrinking, the filter's
 * support is widened by the scale factor, so every source pixel contributes (an antialiased, area-like
 * average rather than sampling two neighbours, which would alias). Weights are normalised to sum to one,
 * turned into fixed-point integers with 22 fractional bits, and each pass rounds and clamps to 8 bits, all as
 * in Pillow's {@code libImaging/Resample.c} ({@code precompute_coeffs}, {@code normalize_coeffs_8bpc},
 * {@code ImagingResampleHorizontal_8bpc} / {@code Vertical_8bpc}). The result is meant to be bit-identical to
 * Pillow's for RGB images. Differences: none known for RGB; Pillow's optional {@code box} and
 * {@code reducing_gap} arguments are not offered (Keras uses neither).
 */
public final class Resizer {
  /** Pillow's {@code PRECISION_BITS}: 32 bits less 8 for the result and 2 for overflow. */
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private Resizer() {}

  /**
   * The image resampled to {@code width x height} with Pillow-compatible bilinear filtering. An image that
   * already has that size is returned as it is (the same instance), not resampled.
   */
  public static RgbImage resize(RgbImage image, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
    }
    if (image.width() == width && image.height() == height) {
      return image;
    }
    Coefficients vertical = Coefficients.bilinear(image.height(), height);
    RgbImage current = image;
    int rowOffset = 0;
    if (width != image.width()) {
      // Only the rows the vertical pass will read are resampled horizontally, as Pillow does.
      int first = vertical.start[0];
      int last = vertical.start[height - 1] + vertical.count[height - 1];
      current = horizontal(image, Coefficients.bilinear(image.width(), width), first, last);
      rowOffset = first;
    }
    if (height != image.height()) {
      current = vertical(current, vertical, rowOffset);
    }
    return current;
  }

  private static RgbImage horizontal(RgbImage in, Coefficients c, int firstRow, int endRow) {
    int inW = in.width();
    int outW = c.start.length;
    int rows = endRow - firstRow;
    int[] src = in.pixels();
    int[] out = new int[Math.multiplyExact(outW, rows)];
    for (int y = 0; y < rows; y++) {
      int row = (firstRow + y) * inW;
      for (int x = 0; x < outW; x++) {
        int r = HALF;
        int g = HALF;
        int b = HALF;
        int k = x * c.size;
        int s = row + c.start[x];
        for (int i = 0; i < c.count[x]; i++) {
          int p = src[s + i];
          int w = c.weights[k + i];
          r += ((p >> 16) & 0xFF) * w;
          g += ((p >> 8) & 0xFF) * w;
          b += (p & 0xFF) * w;
        }
        out[y * outW + x] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
      }
    }
    return new RgbImage(outW, rows, out);
  }

  /** {@code rowOffset}: the source row that row 0 of {@code in} stands for. */
  private static RgbImage vertical(RgbImage in, Coefficients c, int rowOffset) {
    int w = in.width();
    int outH = c.start.length;
    int[] src = in.pixels();
    int[] out = new int[Math.multiplyExact(w, outH)];
    int[] r = new int[w];
    int[] g = new int[w];
    int[] b = new int[w];
    for (int y = 0; y < outH; y++) {
      java.util.Arrays.fill(r, HALF);
      java.util.Arrays.fill(g, HALF);
      java.util.Arrays.fill(b, HALF);
      int k = y * c.size;
      // Row by row through the source keeps memory access sequential on tall images.
      for (int i = 0; i < c.count[y]; i++) {
        int weight = c.weights[k + i];
        int row = (c.start[y] - rowOffset + i) * w;
        for (int x = 0; x < w; x++) {
          int p = src[row + x];
          r[x] += ((p >> 16) & 0xFF) * weight;
          g[x] += ((p >> 8) & 0xFF) * weight;
          b[x] += (p & 0xFF) * weight;
        }
      }
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (clip8(r[x]) << 16) | (clip8(g[x]) << 8) | clip8(b[x]);
      }
    }
    return new RgbImage(w, outH, out);
  }

  /** Pillow's {@code clip8}: drop the fraction bits (flooring) and clamp to 0..255. */
  private static int clip8(int fixed) {
    int v = fixed >> PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** For each output position: the first source index, how many follow, and their fixed-point weights. */
  static final class Coefficients {
    final int[] start;
    final int[] count;
    /** {@code size} weights per output position, row-major. */
    final int[] weights;
    final int size;

    private Coefficients(int[] start, int[] count, int[] weights, int size) {
      this.start = start;
      this.count = count;
      this.weights = weights;
      this.size = size;
    }

    /** Pillow's {@code precompute_coeffs} with the bilinear filter and the whole image as the box. */
    static Coefficients bilinear(int inSize, int outSize) {
      double support = 1.0;
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      support *= filterScale;
      int size = (int) Math.ceil(support) * 2 + 1;
      int[] start = new int[outSize];
      int[] count = new int[outSize];
      int[] weights = new int[Math.multiplyExact(outSize, size)];
      double[] k = new double[size];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        // (int) truncates toward zero, as C does, before the clamp.
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double sum = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = triangle((x + xmin - center + 0.5) * ss);
          k[x] = w;
          sum += w;
        }
        for (int x = 0; x < xmax; x++) {
          double w = sum != 0.0 ? k[x] / sum : k[x];
          weights[xx * size + x] = w < 0
              ? (int) (-0.5 + w * (1 << PRECISION_BITS))
              : (int) (0.5 + w * (1 << PRECISION_BITS));
        }
        start[xx] = xmin;
        count[xx] = xmax;
      }
      return new Coefficients(start, count, weights, size);
    }

    private static double triangle(double x) {
      x = Math.abs(x);
      return x < 1.0 ? 1.0 - x : 0.0;
    }
  }
}
