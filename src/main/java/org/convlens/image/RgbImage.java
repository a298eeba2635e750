package org.convlens.image;

import java.util.Arrays;

/**
 * An opaque 8-bit-per-channel RGB image: the form every decoded file is brought to, whatever its format, bit
 * depth or transparency, so resizing, preprocessing and display deal with one layout only.
 *
 * <p>{@code pixels} holds {@code width * height} values packed as {@code 0xRRGGBB} in row-major order, top
 * row first. The array is NOT copied, neither in nor out, because images can reach hundreds of megabytes:
 * whoever makes an image hands the array over and no one changes it afterwards. Producers keep the top byte
 * zero; readers here ignore it.
 */
public record RgbImage(int width, int height, int[] pixels) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (pixels == null || (long) width * height != pixels.length) {
      throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
          + " pixels, got " + (pixels == null ? "none" : pixels.length));
    }
  }

  /** A new image of one colour. */
  public static RgbImage filled(int width, int height, int rgb) {
    int[] pixels = new int[Math.multiplyExact(width, height)];
    Arrays.fill(pixels, rgb & 0xFFFFFF);
    return new RgbImage(width, height, pixels);
  }

  /** The pixel at column {@code x}, row {@code y}, as {@code 0xRRGGBB}. */
  public int rgb(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new IndexOutOfBoundsException("(" + x + ", " + y + ") is outside a " + width + "x" + height + " image");
    }
    return pixels[y * width + x] & 0xFFFFFF;
  }

  /** Equal when the sizes and every pixel agree (a record would compare the arrays by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width
        && height == other.height
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
