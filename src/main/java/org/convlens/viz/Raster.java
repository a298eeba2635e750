package org.convlens.viz;

import java.util.Arrays;

/**
 * A plain image: width, height and packed {@code 0xAARRGGBB} pixels in row-major order. The visualisation
 * code draws into it without knowing JavaFX or AWT; the UI and the PNG writer convert it at the edge.
 *
 * <p>A raster is a mutable pixel buffer (renderers fill it); once returned from a renderer treat it as read-only.
 */
public final class Raster {
  private final int width;
  private final int height;
  private final int[] pixels;

  /** A fully transparent raster of the given size. */
  public Raster(int width, int height) {
    this(width, height, new int[checkedArea(width, height)]);
  }

  private Raster(int width, int height, int[] pixels) {
    this.width = width;
    this.height = height;
    this.pixels = pixels;
  }

  /** Wraps (does not copy) ARGB pixels; the array length must be {@code width * height}. */
  public static Raster wrap(int width, int height, int[] argb) {
    if (argb.length != checkedArea(width, height)) {
      throw new IllegalArgumentException(
          width + "x" + height + " needs " + (long) width * height + " pixels, got " + argb.length);
    }
    return new Raster(width, height, argb);
  }

  /** An opaque raster from {@code 0xRRGGBB} values (any alpha bits in the input are ignored). */
  public static Raster ofRgb(int width, int height, int[] rgb) {
    int[] argb = new int[checkedArea(width, height)];
    if (rgb.length != argb.length) {
      throw new IllegalArgumentException(
          width + "x" + height + " needs " + argb.length + " pixels, got " + rgb.length);
    }
    for (int i = 0; i < argb.length; i++) {
      argb[i] = 0xFF000000 | rgb[i];
    }
    return new Raster(width, height, argb);
  }

  private static int checkedArea(int width, int height) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative raster size " + width + "x" + height);
    }
    return Math.toIntExact((long) width * height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing array, row-major, not a copy: renderers and converters use it to avoid per-pixel calls. */
  public int[] pixels() {
    return pixels;
  }

  /** The ARGB value at ({@code x}, {@code y}). */
  public int get(int x, int y) {
    return pixels[index(x, y)];
  }

  public void set(int x, int y, int argb) {
    pixels[index(x, y)] = argb;
  }

  private int index(int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
    }
    return y * width + x;
  }

  /** Fills the whole raster with one colour. */
  public void fill(int argb) {
    Arrays.fill(pixels, argb);
  }

  /** Fills a rectangle, clipped to the raster. */
  public void fill(Rect r, int argb) {
    int x0 = Math.max(0, r.x());
    int y0 = Math.max(0, r.y());
    int x1 = Math.min(width, r.x() + r.width());
    int y1 = Math.min(height, r.y() + r.height());
    for (int y = y0; y < y1; y++) {
      Arrays.fill(pixels, y * width + x0, y * width + Math.max(x0, x1), argb);
    }
  }

  /** A copy of the region {@code r}, which must lie inside this raster. */
  public Raster copy(Rect r) {
    if (r.x() < 0 || r.y() < 0 || r.x() + r.width() > width || r.y() + r.height() > height) {
      throw new IndexOutOfBoundsException(r + " outside " + width + "x" + height);
    }
    Raster out = new Raster(r.width(), r.height());
    for (int y = 0; y < r.height(); y++) {
      System.arraycopy(pixels, (r.y() + y) * width + r.x(), out.pixels, y * r.width(), r.width());
    }
    return out;
  }

  /** Copies all of {@code source} into this raster with its top-left corner at ({@code x}, {@code y}), clipped. */
  public void blit(Raster source, int x, int y) {
    int sx0 = Math.max(0, -x);
    int sy0 = Math.max(0, -y);
    int w = Math.min(source.width, width - x) - sx0;
    for (int sy = sy0; w > 0 && sy < source.height && y + sy < height; sy++) {
      System.arraycopy(source.pixels, sy * source.width + sx0, pixels, (y + sy) * width + x + sx0, w);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Raster r && r.width == width && r.height == height && Arrays.equals(r.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "Raster[" + width + "x" + height + "]";
  }
}
