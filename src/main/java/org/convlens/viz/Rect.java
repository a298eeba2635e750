package org.convlens.viz;

/** An axis-aligned pixel rectangle in a raster: where a tile or grid cell sits, for hit tests and labels. */
public record Rect(int x, int y, int width, int height) {
  public Rect {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size " + width + "x" + height);
    }
  }

  /** Whether pixel ({@code px}, {@code py}) lies inside (left/top inclusive, right/bottom exclusive). */
  public boolean contains(int px, int py) {
    return px >= x && py >= y && px < x + width && py < y + height;
  }
}
