package org.convlens.viz;

import java.util.List;

/**
 * A rendered filter grid: the picture, where its cells are, the part of the kernel it shows, and the value
 * ranges that were mapped to the colormap's ends (one per filter; all equal unless the normalisation is per
 * filter).
 *
 * @param filterRanges one per row of the page, or for a depthwise kernel one per column (see
 *     {@link FilterKernel#filtersAreColumns()})
 * @param kernelRange the finite min and max of the whole kernel, whatever the normalisation
 * @param nonFiniteWeights how many weights were NaN or infinite (drawn magenta)
 */
public record FilterGridImage(
    Raster raster,
    FilterGridLayout layout,
    ValueRange kernelRange,
    List<ValueRange> filterRanges,
    int nonFiniteWeights,
    FilterGridOptions options,
    FilterPage page) {

  public FilterGridImage {
    filterRanges = List.copyOf(filterRanges);
  }

  /** The range mapped to the ends of the colormap for {@code filter} (a row or column of the page). */
  public ValueRange range(int filter) {
    return filterRanges.get(filter);
  }
}
