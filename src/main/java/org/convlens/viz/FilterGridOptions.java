package org.convlens.viz;

/**
 * Settings of a {@link FilterGrid}: the normalisation, the cell size in pixels that each filter's
 * {@code kh x kw} weights are scaled up to (nearest neighbour, by a whole factor, so weights stay crisp squares),
 * and how many filters (rows) go in one block before the next block starts beside it.
 */
public record FilterGridOptions(FilterNormalization normalization, int cellSize, int filtersPerBlock) {
  /** About 28 px per cell: a 7x7 filter becomes 4x4-pixel squares, big enough to see, small enough for 64 rows. */
  public static final int DEFAULT_CELL_SIZE = 28;
  /** 64 first-layer filters become four blocks of 16 side by side: a near-square picture, not a thin strip. */
  public static final int DEFAULT_FILTERS_PER_BLOCK = 16;

  /** Every filter in one block (one tall column of rows). */
  public FilterGridOptions(FilterNormalization normalization, int cellSize) {
    this(normalization, cellSize, Integer.MAX_VALUE);
  }

  public FilterGridOptions {
    if (normalization == null) {
      throw new IllegalArgumentException("normalization is required");
    }
    if (cellSize < 1) {
      throw new IllegalArgumentException("cell size must be at least 1 px: " + cellSize);
    }
    if (filtersPerBlock < 1) {
      throw new IllegalArgumentException("a block holds at least one filter: " + filtersPerBlock);
    }
  }

  /** GLOBAL gray, the classic recipe, at the default cell size, in blocks of 16 filters. */
  public static FilterGridOptions defaults() {
    return new FilterGridOptions(FilterNormalization.GLOBAL, DEFAULT_CELL_SIZE, DEFAULT_FILTERS_PER_BLOCK);
  }

  public FilterGridOptions withNormalization(FilterNormalization n) {
    return new FilterGridOptions(n, cellSize, filtersPerBlock);
  }

  /** The whole-number factor each weight is scaled by for a {@code kh x kw} kernel. */
  public int scaleFor(int kh, int kw) {
    return Math.max(1, (int) Math.round((double) cellSize / Math.max(kh, kw)));
  }
}
