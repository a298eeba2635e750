package org.convlens.viz;

import java.util.Optional;

/**
 * Where each cell of a filter grid sits: one row per filter, one column per input channel, plus a colour
 * column when the kernel has three input channels. The UI uses it for hover tooltips and labels, since the
 * raster itself carries no text.
 */
public record FilterGridLayout(
    int filters, int channels, boolean colourColumn, int cellWidth, int cellHeight, int separator) {

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

  public int width() {
    return span(columns(), cellWidth);
  }

  public int height() {
    return span(filters, cellHeight);
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
    return new Rect(column * (cellWidth + separator), filter * (cellHeight + separator), cellWidth, cellHeight);
  }

  /** The cell under pixel ({@code x}, {@code y}); empty on a separator or outside the grid. */
  public Optional<Cell> cellAt(int x, int y) {
    if (x < 0 || y < 0) {
      return Optional.empty();
    }
    int column = x / (cellWidth + separator);
    int row = y / (cellHeight + separator);
    if (column >= columns() || row >= filters
        || x % (cellWidth + separator) >= cellWidth || y % (cellHeight + separator) >= cellHeight) {
      return Optional.empty();
    }
    return Optional.of(new Cell(row, column == channels ? Cell.COLOUR : column));
  }
}
