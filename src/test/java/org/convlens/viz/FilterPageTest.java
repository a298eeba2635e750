package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Big kernels are drawn a bounded page at a time. */
class FilterPageTest {
  private static final FilterGridOptions DEFAULTS = FilterGridOptions.defaults();

  @Test
  void aSmallKernelFitsOnOnePage() {
    FilterKernel k = FilterKernel.conv(Tensor.zeros(7, 7, 3, 64));
    FilterPage first = FilterPage.first(k, DEFAULTS);
    assertEquals(FilterPage.all(k), first);
    assertTrue(first.coversAll(k));
  }

  @Test
  void aBigKernelStartsWithTheFirst64FiltersAnd64Channels() {
    FilterKernel k = FilterKernel.conv(Tensor.zeros(3, 3, 512, 512));
    FilterPage first = FilterPage.first(k, DEFAULTS);
    assertEquals(new FilterPage(0, FilterPage.SPATIAL_LIMIT, 0, FilterPage.SPATIAL_LIMIT), first);
    assertFalse(first.coversAll(k));
    assertTrue(FilterGrid.pixels(k, DEFAULTS, first) <= FilterPage.MAX_PIXELS);
    assertTrue(FilterGrid.pixels(k, DEFAULTS, FilterPage.all(k)) > FilterPage.MAX_PIXELS,
        "the whole layer would not fit, which is why it is paged");
  }

  @Test
  void pointwiseKernelsHaveBiggerPagesOfSmallerCells() {
    FilterKernel k = FilterKernel.conv(Tensor.zeros(1, 1, 512, 2048));
    assertEquals(new FilterPage(0, FilterPage.POINTWISE_LIMIT, 0, FilterPage.POINTWISE_LIMIT),
        FilterPage.first(k, DEFAULTS));
  }

  @Test
  void aPageTooBigForThePixelLimitIsHalvedUntilItFits() {
    // 93x enlarged 3x3 filters: 281 px per cell, so 64 x 64 cells would be 18000 px square.
    FilterGridOptions huge = new FilterGridOptions(FilterNormalization.GLOBAL, 280, 16);
    FilterKernel k = FilterKernel.conv(Tensor.zeros(3, 3, 64, 64));
    FilterPage first = FilterPage.first(k, huge);
    assertTrue(FilterGrid.pixels(k, huge, first) <= FilterPage.MAX_PIXELS, first.toString());
    assertTrue(first.filters() >= 8 && first.channels() >= 8, "halved only as far as needed: " + first);
    assertTrue(FilterGrid.pixels(k, huge, new FilterPage(0, first.filters() * 2, 0, first.channels() * 2))
        > FilterPage.MAX_PIXELS);
  }

  @Test
  void pagesMoveByWholePagesAndStopAtTheEnds() {
    FilterPage first = new FilterPage(0, 64, 0, 64);
    FilterPage next = first.moveFilters(1, 64, 150);
    assertEquals(new FilterPage(64, 64, 0, 64), next);
    FilterPage last = next.moveFilters(1, 64, 150);
    assertEquals(new FilterPage(128, 22, 0, 64), last, "the last page holds what is left");
    assertEquals(last, last.moveFilters(1, 64, 150), "no page after the last");
    assertEquals(next, last.moveFilters(-1, 64, 150));
    assertEquals(first, first.moveFilters(-1, 64, 150), "none before the first");
    assertEquals(new FilterPage(0, 64, 64, 36), first.moveChannels(1, 64, 100));
  }

  @Test
  void renderingRefusesAGridBeyondThePixelLimitBeforeAllocatingIt() {
    // The whole 64 x 2048 kernel in blocks of 16 would be about 237000 x 464 px.
    Tensor wide = Tensor.zeros(3, 3, 2048, 64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FilterGrid.render(wide, DEFAULTS));
    assertTrue(e.getMessage().contains("fewer filters or channels"), e.getMessage());
  }
}
