package org.convlens.viz;

/**
 * Settings of a {@link FilterGrid}: the normalisation and the cell size in pixels that each filter's
 * {@code kh x kw} weights are scaled up to (nearest neighbour, by a whole factor, so weights stay crisp squares).
 */
public record FilterGridOptions(FilterNormalization normalization, int cellSize) {
  /** About 28 px per cell: a 7x7 filter becomes 4x4-pixel squares, big enough to see, small enough for 64 rows. */
  public static final int DEFAULT_CELL_SIZE = 28;

  public FilterGridOptions {
    if (normalization == null) {
      throw new IllegalArgumentException("normalization is required");
    }
    if (cellSize < 1) {
      throw new IllegalArgumentException("cell size must be at least 1 px: " + cellSize);
    }
  }

  /** GLOBAL gray, the classic recipe, at the default cell size. */
  public static FilterGridOptions defaults() {
    return new FilterGridOptions(FilterNormalization.GLOBAL, DEFAULT_CELL_SIZE);
  }

  public FilterGridOptions withNormalization(FilterNormalization n) {
    return new FilterGridOptions(n, cellSize);
  }

  /** The whole-number factor each weight is scaled by for a {@code kh x kw} kernel. */
  public int scaleFor(int kh, int kw) {
    return Math.max(1, (int) Math.round((double) cellSize / Math.max(kh, kw)));
  }
}
