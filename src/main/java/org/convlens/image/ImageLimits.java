package org.convlens.image;

/**
 * The largest image the loader agrees to decode. Checked against the size in the file's header before any
 * pixel is decoded, so a small file that claims a gigantic image (a "decompression bomb") costs nothing.
 *
 * @param maxSide the largest width or height, in pixels
 * @param maxPixels the largest {@code width * height}; at most what one Java array can hold
 */
public record ImageLimits(int maxSide, long maxPixels) {

  /** 20000 pixels per side and 250 megapixels: a 10000x10000 scan loads, a bomb does not. */
  public static final ImageLimits DEFAULT = new ImageLimits(20_000, 250_000_000L);

  /** Java arrays stop a little short of {@code Integer.MAX_VALUE} elements. */
  private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

  public ImageLimits {
    if (maxSide <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("limits must be positive, got " + maxSide + " and " + maxPixels);
    }
    if (maxPixels > LARGEST_ARRAY) {
      throw new IllegalArgumentException(
          "at most " + LARGEST_ARRAY + " pixels fit in one image, asked for " + maxPixels);
    }
  }

  /** Whether an image of this size may be decoded. */
  public boolean allows(int width, int height) {
    return width > 0 && height > 0 && width <= maxSide && height <= maxSide
        && (long) width * height <= maxPixels;
  }

  /** The limits in words, for messages: "20000 pixels per side and 250 megapixels". */
  public String describe() {
    return maxSide + " pixels per side and " + megapixels(maxPixels) + " megapixels";
  }

  static String megapixels(long pixels) {
    double mp = pixels / 1e6;
    return mp == Math.rint(mp) ? String.valueOf((long) mp) : String.format(java.util.Locale.ROOT, "%.1f", mp);
  }
}
