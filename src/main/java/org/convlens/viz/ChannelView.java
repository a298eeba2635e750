package org.convlens.viz;

import org.convlens.tensor.Tensor;

/**
 * One channel of a feature map on its own: drawn large, its statistics, the value under a pixel, and an
 * overlay on the input image so one can see where in the picture the channel fires. Immutable; it keeps its
 * own copy of the channel's {@code h x w} values.
 */
public final class ChannelView {
  private final int channel;
  private final int width;
  private final int height;
  private final float[] values;
  private final Statistics.Summary stats;

  private ChannelView(int channel, int width, int height, float[] values) {
    this.channel = channel;
    this.width = width;
    this.height = height;
    this.values = values;
    this.stats = Statistics.summarize(values);
  }

  /** Channel {@code channel} of {@code activation} ({@code [h, w, c]} or {@code [1, h, w, c]}). */
  public static ChannelView of(Tensor activation, int channel) {
    Tensor map = FeatureMaps.hwc(activation);
    int h = map.dim(0);
    int w = map.dim(1);
    int c = map.dim(2);
    if (channel < 0 || channel >= c) {
      throw new IndexOutOfBoundsException("channel " + channel + " of a layer with " + c + " channels");
    }
    float[] d = map.data();
    float[] plane = new float[h * w];
    for (int i = 0, src = channel; i < plane.length; i++, src += c) {
      plane[i] = d[src];
    }
    return new ChannelView(channel, w, h, plane);
  }

  public int channel() {
    return channel;
  }

  /** Map width in cells (not pixels). */
  public int width() {
    return width;
  }

  /** Map height in cells (not pixels). */
  public int height() {
    return height;
  }

  /** Min, max and mean of the finite values, and how many were not finite. */
  public Statistics.Summary stats() {
    return stats;
  }

  /** The value at map cell ({@code x}, {@code y}). */
  public float valueAt(int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      throw new IndexOutOfBoundsException("cell (" + x + ", " + y + ") outside " + width + "x" + height);
    }
    return values[y * width + x];
  }

  /**
   * The value under pixel ({@code px}, {@code py}) of this channel drawn stretched over a
   * {@code rasterWidth x rasterHeight} area (as {@link #render} and {@link #renderTo} draw it): for the
   * "value under the cursor" read-out.
   */
  public float valueUnder(int px, int py, int rasterWidth, int rasterHeight) {
    return valueAt(nearest(px, rasterWidth, width), nearest(py, rasterHeight, height));
  }

  private static int nearest(int p, int size, int cells) {
    if (p < 0 || p >= size) {
      throw new IndexOutOfBoundsException("pixel " + p + " outside 0.." + (size - 1));
    }
    return (int) ((long) p * cells / size);
  }

  /** The values mapped to the ends of {@code colormap}: the channel's min-max, symmetric for DIVERGING. */
  public ValueRange range(Colormap colormap) {
    return colormap == Colormap.DIVERGING ? stats.range().symmetric() : stats.range();
  }

  /** Each cell as a {@code scale x scale} block. */
  public Raster render(int scale, Colormap colormap) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1: " + scale);
    }
    return renderTo(width * scale, height * scale, colormap);
  }

  /** Stretched to {@code targetWidth x targetHeight} with nearest-neighbour sampling (cells stay sharp). */
  public Raster renderTo(int targetWidth, int targetHeight, Colormap colormap) {
    Shader shader = new Shader(range(colormap), colormap);
    Raster out = new Raster(targetWidth, targetHeight);
    int[] px = out.pixels();
    int[] column = new int[targetWidth];
    for (int x = 0; x < targetWidth; x++) {
      column[x] = nearest(x, targetWidth, width);
    }
    for (int y = 0; y < targetHeight; y++) {
      int row = nearest(y, targetHeight, height) * width;
      for (int x = 0; x < targetWidth; x++) {
        px[y * targetWidth + x] = shader.argb(values[row + column[x]]);
      }
    }
    return out;
  }

  /**
   * The channel, resized to {@code input}'s size with bilinear interpolation (pixel centres aligned, as
   * TensorFlow's {@code resize} does), coloured, and blended over {@code input}: {@code alpha} 0 shows only
   * the input, 1 only the channel. The result is opaque.
   */
  public Raster overlay(Raster input, Colormap colormap, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1]: " + alpha);
    }
    int tw = input.width();
    int th = input.height();
    Shader shader = new Shader(range(colormap), colormap);
    int[] x0 = new int[tw];
    int[] x1 = new int[tw];
    float[] fx = new float[tw];
    for (int x = 0; x < tw; x++) {
      double sx = Math.max(0, (x + 0.5) * width / tw - 0.5);
      x0[x] = Math.min(width - 1, (int) sx);
      x1[x] = Math.min(width - 1, x0[x] + 1);
      fx[x] = (float) (sx - x0[x]);
    }
    int a = (int) Math.round(alpha * 256);
    int[] in = input.pixels();
    Raster out = new Raster(tw, th);
    int[] px = out.pixels();
    for (int y = 0; y < th; y++) {
      double sy = Math.max(0, (y + 0.5) * height / th - 0.5);
      int y0 = Math.min(height - 1, (int) sy);
      int y1 = Math.min(height - 1, y0 + 1);
      float fy = (float) (sy - y0);
      for (int x = 0; x < tw; x++) {
        float top = values[y0 * width + x0[x]] * (1 - fx[x]) + values[y0 * width + x1[x]] * fx[x];
        float bottom = values[y1 * width + x0[x]] * (1 - fx[x]) + values[y1 * width + x1[x]] * fx[x];
        int colour = shader.argb(top * (1 - fy) + bottom * fy);
        px[y * tw + x] = blend(in[y * tw + x], colour, a);
      }
    }
    return out;
  }

  /** {@code over} on {@code under} with weight {@code a}/256, per colour channel; opaque result. */
  static int blend(int under, int over, int a) {
    int r = mix(under >> 16 & 0xFF, over >> 16 & 0xFF, a);
    int g = mix(under >> 8 & 0xFF, over >> 8 & 0xFF, a);
    int b = mix(under & 0xFF, over & 0xFF, a);
    return 0xFF000000 | r << 16 | g << 8 | b;
  }

  private static int mix(int under, int over, int a) {
    return (under * (256 - a) + over * a + 128) >> 8;
  }
}
