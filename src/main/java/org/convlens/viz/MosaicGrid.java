package org.convlens.viz;

/**
 * How many columns and rows of tiles a mosaic of {@code n} maps uses: a landscape-or-square grid (at most
 * twice as wide as tall, in tiles) with as few empty cells as possible, the squarest of those. 64 maps stay
 * 8 x 8, 32 become 8 x 4 instead of 6 x 6 with four empty cells.
 */
public record MosaicGrid(int columns, int rows) {
  /** At most this many columns per row of tiles: wider grids waste the window's height. */
  static final int MAX_ASPECT = 2;

  /** The grid for {@code n} tiles; 0 x 0 for none. */
  public static MosaicGrid forTiles(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("tile count must not be negative: " + n);
    }
    if (n == 0) {
      return new MosaicGrid(0, 0);
    }
    int first = (int) Math.ceil(Math.sqrt(n));
    MosaicGrid best = new MosaicGrid(first, (n + first - 1) / first);
    for (int columns = first + 1; columns <= n; columns++) {
      int rows = (n + columns - 1) / columns;
      if (columns > MAX_ASPECT * rows) {
        break; // only wider from here on
      }
      MosaicGrid g = new MosaicGrid(columns, rows);
      if (g.empty(n) < best.empty(n)) {
        best = g; // ties keep the squarer grid found first
      }
    }
    return best;
  }

  /** Cells left empty when {@code n} tiles fill this grid row by row. */
  int empty(int n) {
    return columns * rows - n;
  }
}
