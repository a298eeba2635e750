package org.convlens.viz;

import org.convlens.tensor.Tensor;

/**
 * A convolution kernel as the filter grid reads it: which axis holds the filters (the grid's rows) and which the
 * channels they see (its columns). Keras stores every kind as rank 4, but the axes mean different things:
 * <ul>
 *   <li>{@link Kind#CONV} {@code [kh, kw, in / groups, filters]}: rows = filters, columns = the channels of the
 *       filter's group (all input channels when {@code groups} is 1);
 *   <li>{@link Kind#DEPTHWISE} {@code [kh, kw, in, multiplier]}: columns = input channels, each its own
 *       {@code kh x kw} kernel, rows = the depth multiplier;
 *   <li>{@link Kind#TRANSPOSED} {@code [kh, kw, filters, in]}: rows = filters, columns = input channels.
 * </ul>
 */
public record FilterKernel(Tensor weights, Kind kind, int groups) {
  /** How the axes of the weights are laid out. */
  public enum Kind { CONV, DEPTHWISE, TRANSPOSED }

  public FilterKernel {
    if (weights.rank() != 4) {
      throw new IllegalArgumentException("a convolution kernel has shape (kh, kw, in, out); got "
          + Tensor.formatShape(weights.shape()));
    }
    if (groups < 1 || kind != Kind.CONV && groups != 1 || weights.dim(3) % groups != 0) {
      throw new IllegalArgumentException(groups + " groups do not fit a " + kind + " kernel "
          + Tensor.formatShape(weights.shape()));
    }
  }

  /** A plain Conv2D kernel {@code [kh, kw, in, filters]}. */
  public static FilterKernel conv(Tensor weights) {
    return new FilterKernel(weights, Kind.CONV, 1);
  }

  public int height() {
    return weights.dim(0);
  }

  public int width() {
    return weights.dim(1);
  }

  /** The grid's rows: filters, or for a depthwise kernel the depth multiplier. */
  public int rows() {
    return kind == Kind.TRANSPOSED ? weights.dim(2) : weights.dim(3);
  }

  /** The grid's columns: the channels one filter sees (of its group), or a depthwise kernel's input channels. */
  public int columns() {
    return kind == Kind.TRANSPOSED ? weights.dim(3) : weights.dim(2);
  }

  /** All channels of the layer's input. */
  public int inputChannels() {
    return kind == Kind.CONV ? weights.dim(2) * groups : columns();
  }

  /** The group row {@code row} belongs to (0 unless grouped). */
  public int group(int row) {
    return row / (rows() / groups);
  }

  /** The layer input's channel that column {@code column} of row {@code row} reads. */
  public int inputChannel(int row, int column) {
    return kind == Kind.CONV ? group(row) * columns() + column : column;
  }

  /** 1x1 kernels: each cell is one weight, so the grid is a filters x channels heat map. */
  public boolean pointwise() {
    return height() == 1 && width() == 1;
  }

  /** Whether a filter is a column (a depthwise kernel's input channel) rather than a row. */
  public boolean filtersAreColumns() {
    return kind == Kind.DEPTHWISE;
  }

  /** A colour view makes sense only for a plain convolution over three channels: the RGB input. */
  public boolean hasColour() {
    return kind == Kind.CONV && groups == 1 && columns() == 3;
  }

  /** The weight at ({@code i}, {@code j}) of the kernel in grid cell ({@code row}, {@code column}). */
  public float weight(int i, int j, int row, int column) {
    int d2 = weights.dim(2);
    int d3 = weights.dim(3);
    int spatial = (i * width() + j) * d2;
    return weights.data()[kind == Kind.TRANSPOSED ? (spatial + row) * d3 + column : (spatial + column) * d3 + row];
  }

  /**
   * The weights of the filter in grid cell ({@code row}, {@code column}): the whole row, or for a depthwise
   * kernel the whole column (the input channel's kernels, for every multiplier).
   */
  public Statistics.Summary filterSummary(int row, int column) {
    boolean byColumn = filtersAreColumns();
    int rows = byColumn ? rows() : 1;
    int columns = byColumn ? 1 : columns();
    float[] values = new float[height() * width() * rows * columns];
    int n = 0;
    for (int i = 0; i < height(); i++) {
      for (int j = 0; j < width(); j++) {
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < columns; c++) {
            values[n++] = weight(i, j, byColumn ? r : row, byColumn ? column : c);
          }
        }
      }
    }
    return Statistics.summarize(values);
  }
}
