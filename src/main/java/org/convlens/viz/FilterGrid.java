package org.convlens.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * Draws a convolution kernel as a grid: one row per filter, one column per input channel, each cell the
 * filter's {@code kh x kw} weights for that channel ({@link FilterKernel} says what rows and columns are for
 * depthwise, grouped and transposed kernels). Rows come in blocks side by side. For a plain convolution over
 * three channels an extra column shows each filter as the colour patch it responds to most (channel 0 as red).
 * 1x1 kernels become a heat grid: one small square per weight, no separators.
 */
public final class FilterGrid {
  /** Between cells: neutral slate, readable against both the gray and the diverging maps. */
  static final int SEPARATOR_COLOUR = 0xFF4A5058;
  static final int SEPARATOR_WIDTH = 2;
  static final int BLOCK_GAP = 12;
  /** Pixels per weight of a 1x1 kernel's heat grid: a 256 x 256 page is 1024 px square. */
  public static final int HEAT_CELL = 4;
  /** About how wide a page of many filters is drawn, in pixels (see {@link #fittedScale}). */
  static final int TARGET_SIDE = 1024;

  private FilterGrid() {}

  /**
   * Renders a whole Conv2D {@code kernel} with {@link FilterGridOptions#filtersPerBlock()} filters per block
   * (the exported {@code filters.png}); rejects tensors that are not rank 4.
   */
  public static FilterGridImage render(Tensor kernel, FilterGridOptions options) {
    FilterKernel k = FilterKernel.conv(kernel);
    FilterPage page = FilterPage.all(k);
    return render(k, options, page, layout(k, options, page, false, options.filtersPerBlock(),
        options.scaleFor(k.height(), k.width())));
  }

  /**
   * Renders one page of {@code kernel}, as the Filters tab shows it: blocks chosen so the picture comes out
   * roughly square, 1x1 kernels as a heat grid. Normalisation always uses the whole kernel (or whole filter),
   * so pages of one layer compare.
   *
   * @throws IllegalArgumentException when the page would exceed {@link FilterPage#MAX_PIXELS}
   */
  public static FilterGridImage render(FilterKernel kernel, FilterGridOptions options, FilterPage page) {
    return render(kernel, options, page, layout(kernel, options, page));
  }

  /** Where the cells of {@code page} go, as {@link #render(FilterKernel, FilterGridOptions, FilterPage)} draws it. */
  public static FilterGridLayout layout(FilterKernel kernel, FilterGridOptions options, FilterPage page) {
    boolean heat = kernel.pointwise();
    int scale = heat ? HEAT_CELL : fittedScale(kernel, options, page);
    int separator = heat ? 0 : SEPARATOR_WIDTH;
    int columns = page.channels() + (colourColumn(kernel, page) ? 1 : 0);
    int perBlock = heat ? Math.max(1, page.filters())
        : FilterGridLayout.balancedFiltersPerBlock(page.filters(), columns, kernel.width() * scale,
            kernel.height() * scale, separator);
    return layout(kernel, options, page, heat, perBlock, scale);
  }

  /**
   * Pixels per weight: the options' scale, made smaller for pages of many cells so the grid stays about
   * {@link #TARGET_SIDE} px across (64 x 64 filters of 3x3 at 4 px per weight rather than 9): it then shows near
   * 1x, crisp, instead of shrunk and blurred, and costs a fifth of the memory. At least 1 px per weight.
   */
  static int fittedScale(FilterKernel kernel, FilterGridOptions options, FilterPage page) {
    int columns = Math.max(1, page.channels() + (colourColumn(kernel, page) ? 1 : 0));
    // Blocks make a tall grid about square, so its side is about sqrt(cells) cells; a wide one is its columns.
    int across = (int) Math.max(columns, Math.ceil(Math.sqrt((double) Math.max(1, page.filters()) * columns)));
    int fitting = (TARGET_SIDE / across - SEPARATOR_WIDTH) / Math.max(kernel.height(), kernel.width());
    return Math.max(1, Math.min(options.scaleFor(kernel.height(), kernel.width()), fitting));
  }

  /** The pixel count of {@code page}'s grid, without drawing it. */
  public static long pixels(FilterKernel kernel, FilterGridOptions options, FilterPage page) {
    FilterGridLayout l = layout(kernel, options, page);
    return (long) l.width() * l.height();
  }

  private static FilterGridLayout layout(FilterKernel kernel, FilterGridOptions options, FilterPage page,
      boolean heat, int perBlock, int scale) {
    return new FilterGridLayout(page.filters(), page.channels(), colourColumn(kernel, page),
        kernel.width() * scale, kernel.height() * scale, heat ? 0 : SEPARATOR_WIDTH,
        Math.min(Math.max(1, page.filters()), perBlock), heat ? 0 : BLOCK_GAP);
  }

  private static boolean colourColumn(FilterKernel kernel, FilterPage page) {
    return kernel.hasColour() && page.firstChannel() == 0 && page.channels() == 3;
  }

  private static FilterGridImage render(FilterKernel kernel, FilterGridOptions options, FilterPage page,
      FilterGridLayout layout) {
    if (page.firstFilter() + page.filters() > kernel.rows() || page.firstChannel() + page.channels() > kernel.columns()) {
      throw new IllegalArgumentException("page " + page + " lies outside the kernel's " + kernel.rows() + " x "
          + kernel.columns() + " cells");
    }
    if ((long) layout.width() * layout.height() > FilterPage.MAX_PIXELS) {
      throw new IllegalArgumentException("the filter grid would be " + layout.width() + " x " + layout.height()
          + " pixels, more than " + FilterPage.MAX_PIXELS + "; draw fewer filters or channels at a time");
    }
    Statistics.Summary whole = Statistics.summarize(kernel.weights().data());
    // One range per filter: the page's rows, or for a depthwise kernel its columns (each its own filter).
    int units = kernel.filtersAreColumns() ? page.channels() : page.filters();
    List<ValueRange> ranges = new ArrayList<>(units);
    List<Statistics.Summary> filters = new ArrayList<>(units);
    for (int u = 0; u < units; u++) {
      Statistics.Summary s = kernel.filtersAreColumns() ? kernel.filterSummary(0, page.firstChannel() + u)
          : kernel.filterSummary(page.firstFilter() + u, 0);
      filters.add(s);
      ranges.add(switch (options.normalization()) {
        case GLOBAL -> whole.range();
        case PER_FILTER -> s.range();
        case SYMMETRIC -> whole.range().symmetric();
      });
    }

    int scale = layout.cellWidth() / kernel.width();
    Raster raster = new Raster(layout.width(), layout.height());
    raster.fill(SEPARATOR_COLOUR);
    Colormap colormap = options.normalization().colormap();
    Shader[] shaders = ranges.stream().map(r -> new Shader(r, colormap)).toArray(Shader[]::new);
    for (int r = 0; r < page.filters(); r++) {
      int row = page.firstFilter() + r;
      for (int c = 0; c < page.channels(); c++) {
        Shader shader = shaders[kernel.filtersAreColumns() ? c : r];
        Rect cell = layout.bounds(r, c);
        for (int i = 0; i < kernel.height(); i++) {
          for (int j = 0; j < kernel.width(); j++) {
            int argb = shader.argb(kernel.weight(i, j, row, page.firstChannel() + c));
            fillBlock(raster, cell.x() + j * scale, cell.y() + i * scale, scale, argb);
          }
        }
      }
      if (layout.colourColumn()) {
        drawColourPatch(raster, layout.bounds(r, FilterGridLayout.Cell.COLOUR), kernel, row, scale,
            filters.get(r).range());
      }
    }
    return new FilterGridImage(raster, layout, whole.range(), ranges, whole.nonFiniteCount(), options, page);
  }

  /** The three input channels of filter {@code row} as R, G, B, normalised together so hue is preserved. */
  private static void drawColourPatch(Raster raster, Rect cell, FilterKernel kernel, int row, int scale,
      ValueRange range) {
    for (int i = 0; i < kernel.height(); i++) {
      for (int j = 0; j < kernel.width(); j++) {
        int argb = 0xFF000000;
        for (int c = 0; c < 3 && argb != Shader.NON_FINITE; c++) {
          double t = range.toUnit(kernel.weight(i, j, row, c));
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
