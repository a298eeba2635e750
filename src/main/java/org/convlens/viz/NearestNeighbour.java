package org.convlens.viz;

/**
 * Enlarging pictures with whole source pixels (nearest neighbour), for display: a tiny image drawn larger by the
 * UI toolkit is blended and, in its software renderer, even wrapped around (a 1x1 red image came out as four
 * shaded quadrants). Handing the toolkit a picture already at its display size avoids both.
 */
public final class NearestNeighbour {
  private NearestNeighbour() {}

  /** {@code source} stretched to {@code width x height}: each output pixel copies the source pixel under it. */
  public static Raster resize(Raster source, int width, int height) {
    if (width < 1 || height < 1 || source.width() < 1 || source.height() < 1) {
      throw new IllegalArgumentException("cannot resize " + source.width() + "x" + source.height()
          + " to " + width + "x" + height);
    }
    int[] src = source.pixels();
    int[] out = new int[Math.multiplyExact(width, height)];
    int[] column = new int[width];
    for (int x = 0; x < width; x++) {
      column[x] = under(x, width, source.width());
    }
    for (int y = 0; y < height; y++) {
      int row = under(y, height, source.height()) * source.width();
      for (int x = 0; x < width; x++) {
        out[y * width + x] = src[row + column[x]];
      }
    }
    return Raster.wrap(width, height, out);
  }

  /** The source index under the centre of output pixel {@code i} of {@code outSize}. */
  private static int under(int i, int outSize, int inSize) {
    return (int) ((2L * i + 1) * inSize / (2L * outSize));
  }

  /**
   * The size at which a {@code width x height} picture fills a {@code boxWidth x boxHeight} box with its aspect
   * ratio kept, in whole pixels and at least 1x1: {@code {width, height}}.
   */
  public static int[] fitSize(int width, int height, double boxWidth, double boxHeight) {
    double scale = Math.min(boxWidth / width, boxHeight / height);
    return new int[] {
        (int) Math.max(1, Math.min(Math.floor(boxWidth), Math.round(width * scale))),
        (int) Math.max(1, Math.min(Math.floor(boxHeight), Math.round(height * scale)))};
  }
}
