package org.convlens.viz;

import java.util.List;

/**
 * A rendered filter grid: the picture, where its cells are, and the value ranges that were mapped to the
 * colormap's ends (one per filter; all equal unless the normalisation is per filter).
 *
 * @param kernelRange the finite min and max of the whole kernel, whatever the normalisation
 * @param nonFiniteWeights how many weights were NaN or infinite (drawn magenta)
 */
public record FilterGridImage(
    Raster raster,
    FilterGridLayout layout,
    ValueRange kernelRange,
    List<ValueRange> filterRanges,
    int nonFiniteWeights,
    FilterGridOptions options) {

  public FilterGridImage {
    filterRanges = List.copyOf(filterRanges);
  }

  /** The range mapped to the ends of the colormap for {@code filter}. */
  public ValueRange range(int filter) {
    return filterRanges.get(filter);
  }
}
