package org.convlens.viz;

import java.util.Optional;

/**
 * Where each cell of a filter grid sits: one row per filter, one column per input channel, plus a colour
 * column when the kernel has three input channels. Rows come in blocks of {@code filtersPerBlock} placed side by
 * side (filters 0-15, then 16-31 to their right, ...), {@code blockGap} pixels apart. The UI uses it for hover
 * tooltips and labels, since the raster itself carries no text.
 */
public record FilterGridLayout(int filters, int channels, boolean colourColumn, int cellWidth, int cellHeight,
    int separator, int filtersPerBlock, int blockGap) {

  /** All filters in one block. */
  public FilterGridLayout(int filters, int channels, boolean colourColumn, int cellWidth, int cellHeight,
      int separator) {
    this(filters, channels, colourColumn, cellWidth, cellHeight, separator, Math.max(1, filters), 0);
  }

  /**
   * Filters per block so the picture comes out about square: a tall grid of few columns (64 filters x RGB) is
   * cut into sqrt(height / width) blocks side by side, a grid as wide as it is tall (64 x 64) stays one block.
   */
  public static int balancedFiltersPerBlock(int filters, int columns, int cellWidth, int cellHeight, int separator) {
    if (filters <= 1 || columns < 1) {
      return Math.max(1, filters);
    }
    double tall = (double) filters * (cellHeight + separator) / (columns * (cellWidth + separator));
    long blocks = Math.max(1, Math.min(filters, Math.round(Math.sqrt(tall))));
    return (int) ((filters + blocks - 1) / blocks);
  }

  /** A cell: the filter (row) and the input channel (column), or {@link #COLOUR} for the colour column. */
  public record Cell(int filter, int channel) {
    public static final int COLOUR = -1;

    public boolean isColour() {
      return channel == COLOUR;
    }
  }

  /** Columns including the colour column. */
  public int columns() {
    return channels + (colourColumn ? 1 : 0);
  }

  /** How many blocks of rows there are. */
  public int blocks() {
    return filters == 0 ? 0 : (filters + filtersPerBlock - 1) / filtersPerBlock;
  }

  private int blockWidth() {
    return span(columns(), cellWidth);
  }

  public int width() {
    return blocks() == 0 ? 0 : blocks() * blockWidth() + (blocks() - 1) * blockGap;
  }

  public int height() {
    return span(Math.min(filters, filtersPerBlock), cellHeight);
  }

  private int span(int count, int cell) {
    return count == 0 ? 0 : count * cell + (count - 1) * separator;
  }

  /** The rectangle of a cell; {@code channel} may be {@link Cell#COLOUR} when there is a colour column. */
  public Rect bounds(int filter, int channel) {
    int column = channel == Cell.COLOUR && colourColumn ? channels : channel;
    if (filter < 0 || filter >= filters || column < 0 || column >= columns()) {
      throw new IndexOutOfBoundsException("no cell for filter " + filter + ", channel " + channel);
    }
    int block = filter / filtersPerBlock;
    int row = filter % filtersPerBlock;
    return new Rect(block * (blockWidth() + blockGap) + column * (cellWidth + separator),
        row * (cellHeight + separator), cellWidth, cellHeight);
  }

  /** The cell under pixel ({@code x}, {@code y}); empty on a separator or outside the grid. */
  public Optional<Cell> cellAt(int x, int y) {
    if (x < 0 || y < 0) {
      return Optional.empty();
    }
    int block = x / (blockWidth() + blockGap);
    int xInBlock = x % (blockWidth() + blockGap);
    int column = xInBlock / (cellWidth + separator);
    int row = y / (cellHeight + separator);
    int filter = block * filtersPerBlock + row;
    if (block >= blocks() || xInBlock >= blockWidth() || column >= columns() || row >= filtersPerBlock
        || filter >= filters
        || xInBlock % (cellWidth + separator) >= cellWidth || y % (cellHeight + separator) >= cellHeight) {
      return Optional.empty();
    }
    return Optional.of(new Cell(filter, column == channels ? Cell.COLOUR : column));
  }
}
