package org.convlens.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * Draws a Conv2D kernel {@code [kh, kw, in, out]} as a grid: one row per filter, one column per input
 * channel, each cell the filter's {@code kh x kw} weights for that channel; rows come in blocks side by side
 * ({@link FilterGridOptions#filtersPerBlock()}). For an RGB input layer an extra
 * column shows each filter as the colour patch it responds to most (channel 0 as red).
 */
public final class FilterGrid {
  /** Between cells: neutral slate, readable against both the gray and the diverging maps. */
  static final int SEPARATOR_COLOUR = 0xFF4A5058;
  static final int SEPARATOR_WIDTH = 2;
  static final int BLOCK_GAP = 12;

  private FilterGrid() {}

  /** Renders {@code kernel}; rejects tensors that are not rank 4. */
  public static FilterGridImage render(Tensor kernel, FilterGridOptions options) {
    if (kernel.rank() != 4) {
      throw new IllegalArgumentException("a Conv2D kernel has shape (kh, kw, in, out); got "
          + Tensor.formatShape(kernel.shape()));
    }
    int kh = kernel.dim(0);
    int kw = kernel.dim(1);
    int in = kernel.dim(2);
    int out = kernel.dim(3);
    float[] w = kernel.data();
    int perFilter = kh * kw * in;

    Statistics.Summary whole = Statistics.summarize(w);
    List<Statistics.Summary> filters = new ArrayList<>(out);
    for (int o = 0; o < out; o++) {
      filters.add(Statistics.summarize(w, o, out, perFilter));
    }
    List<ValueRange> ranges = new ArrayList<>(out);
    for (int o = 0; o < out; o++) {
      ranges.add(switch (options.normalization()) {
        case GLOBAL -> whole.range();
        case PER_FILTER -> filters.get(o).range();
        case SYMMETRIC -> whole.range().symmetric();
      });
    }

    int scale = options.scaleFor(kh, kw);
    // Blocks sit a few separators apart, so they read as groups rather than one wide grid.
    FilterGridLayout layout = new FilterGridLayout(out, in, in == 3, kw * scale, kh * scale, SEPARATOR_WIDTH,
        Math.min(Math.max(1, out), options.filtersPerBlock()), BLOCK_GAP);
    Raster raster = new Raster(layout.width(), layout.height());
    raster.fill(SEPARATOR_COLOUR);
    Colormap colormap = options.normalization().colormap();
    for (int o = 0; o < out; o++) {
      Shader shader = new Shader(ranges.get(o), colormap);
      for (int c = 0; c < in; c++) {
        Rect cell = layout.bounds(o, c);
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            int argb = shader.argb(w[((i * kw + j) * in + c) * out + o]);
            fillBlock(raster, cell.x() + j * scale, cell.y() + i * scale, scale, argb);
          }
        }
      }
      if (layout.colourColumn()) {
        drawColourPatch(raster, layout.bounds(o, FilterGridLayout.Cell.COLOUR), w, o, out, kh, kw, scale,
            filters.get(o).range());
      }
    }
    return new FilterGridImage(raster, layout, whole.range(), ranges, whole.nonFiniteCount(), options);
  }

  /** The three input channels of filter {@code o} as R, G, B, normalised together so hue is preserved. */
  private static void drawColourPatch(Raster raster, Rect cell, float[] w, int o, int out, int kh, int kw,
      int scale, ValueRange range) {
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        int base = (i * kw + j) * 3 * out + o;
        int argb = 0xFF000000;
        for (int c = 0; c < 3 && argb != Shader.NON_FINITE; c++) {
          double t = range.toUnit(w[base + c * out]);
          argb = Double.isNaN(t) ? Shader.NON_FINITE : argb | (int) Math.round(t * 255) << (16 - 8 * c);
        }
        fillBlock(raster, cell.x() + j * scale, cell.y() + i * scale, scale, argb);
      }
    }
  }

  static void fillBlock(Raster raster, int x, int y, int size, int argb) {
    int[] px = raster.pixels();
    int width = raster.width();
    for (int row = y; row < y + size; row++) {
      Arrays.fill(px, row * width + x, row * width + x + size, argb);
    }
  }
}
