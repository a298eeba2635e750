package org.convlens.viz;

/**
 * Which part of a kernel a filter grid draws: rows {@code firstFilter} to {@code firstFilter + filters - 1} and
 * columns {@code firstChannel} to {@code firstChannel + channels - 1} (see {@link FilterKernel} for what rows and
 * columns are). Big layers (512 filters x 512 channels) are drawn a page at a time, so the picture stays small
 * enough to draw quickly and to hold in memory.
 */
public record FilterPage(int firstFilter, int filters, int firstChannel, int channels) {
  /** Rows and columns on one page of a kernel with a spatial extent: 64 x 64 cells of about 28 px. */
  public static final int SPATIAL_LIMIT = 64;
  /** Rows and columns on one page of a 1x1 kernel, drawn as one small square per weight. */
  public static final int POINTWISE_LIMIT = 256;
  /** The most pixels a grid may have (64 MB of ARGB); a first page is made smaller until it fits. */
  public static final long MAX_PIXELS = 4096L * 4096L;

  public FilterPage {
    if (firstFilter < 0 || filters < 0 || firstChannel < 0 || channels < 0) {
      throw new IllegalArgumentException("a page has no negative parts: " + firstFilter + "+" + filters + ", "
          + firstChannel + "+" + channels);
    }
  }

  /** Every row and column of {@code kernel}. */
  public static FilterPage all(FilterKernel kernel) {
    return new FilterPage(0, kernel.rows(), 0, kernel.columns());
  }

  /**
   * The top-left page: at most {@link #SPATIAL_LIMIT} (or for 1x1 kernels {@link #POINTWISE_LIMIT}) rows and
   * columns, halved on its longer side until the grid fits {@link #MAX_PIXELS} (only kernels of about 60x60 and
   * more need that: smaller ones are drawn with fewer pixels per weight instead).
   */
  public static FilterPage first(FilterKernel kernel, FilterGridOptions options) {
    return first(kernel, options, MAX_PIXELS);
  }

  /** As {@link #first(FilterKernel, FilterGridOptions)} within {@code maxPixels}. */
  static FilterPage first(FilterKernel kernel, FilterGridOptions options, long maxPixels) {
    int limit = kernel.pointwise() ? POINTWISE_LIMIT : SPATIAL_LIMIT;
    FilterPage page = new FilterPage(0, Math.min(limit, kernel.rows()), 0, Math.min(limit, kernel.columns()));
    while (FilterGrid.pixels(kernel, options, page) > maxPixels && page.filters * page.channels > 1) {
      page = page.filters >= page.channels
          ? new FilterPage(0, (page.filters + 1) / 2, 0, page.channels)
          : new FilterPage(0, page.filters, 0, (page.channels + 1) / 2);
    }
    return page;
  }

  /** Whether the page shows the whole kernel. */
  public boolean coversAll(FilterKernel kernel) {
    return firstFilter == 0 && filters == kernel.rows() && firstChannel == 0 && channels == kernel.columns();
  }

  /**
   * The page {@code steps} pages of {@code size} rows further down (negative: up), clamped to the kernel's
   * {@code total} rows; the last page may be shorter.
   */
  public FilterPage moveFilters(int steps, int size, int total) {
    int first = clampedStart(firstFilter + steps * size, size, total);
    return new FilterPage(first, Math.min(size, total - first), firstChannel, channels);
  }

  /** Like {@link #moveFilters} for the columns. */
  public FilterPage moveChannels(int steps, int size, int total) {
    int first = clampedStart(firstChannel + steps * size, size, total);
    return new FilterPage(firstFilter, filters, first, Math.min(size, total - first));
  }

  /** A start on a whole page ({@code 0, size, 2 size, ...}) within {@code total}. */
  private static int clampedStart(int start, int size, int total) {
    int lastPage = total == 0 ? 0 : (total - 1) / size * size;
    return Math.max(0, Math.min(lastPage, start / size * size));
  }
}
