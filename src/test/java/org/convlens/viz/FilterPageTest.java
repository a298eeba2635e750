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
    assertEquals(3, FilterGrid.layout(k, DEFAULTS, FilterPage.all(k)).cellWidth(),
        "all 512 x 512 at once would be 1 px per weight, too small to read: hence pages");
  }

  @Test
  void pointwiseKernelsHaveBiggerPagesOfSmallerCells() {
    FilterKernel k = FilterKernel.conv(Tensor.zeros(1, 1, 512, 2048));
    assertEquals(new FilterPage(0, FilterPage.POINTWISE_LIMIT, 0, FilterPage.POINTWISE_LIMIT),
        FilterPage.first(k, DEFAULTS));
  }

  @Test
  void aPageTooBigForThePixelLimitIsHalvedUntilItFits() {
    // 64 x 64 filters of 3x3 take about 900 x 900 px; a limit of 100000 px forces smaller pages.
    FilterKernel k = FilterKernel.conv(Tensor.zeros(3, 3, 64, 64));
    long limit = 100_000;
    assertTrue(FilterGrid.pixels(k, DEFAULTS, FilterPage.first(k, DEFAULTS)) > limit);
    FilterPage first = FilterPage.first(k, DEFAULTS, limit);
    assertTrue(FilterGrid.pixels(k, DEFAULTS, first) <= limit, first.toString());
    assertTrue(first.filters() >= 4 && first.channels() >= 4, "halved only as far as needed: " + first);
  }

  @Test
  void pagesOfManyFiltersUseFewerPixelsPerWeightToStayAboutAThousandPixelsAcross() {
    FilterKernel big = FilterKernel.conv(Tensor.zeros(3, 3, 512, 512));
    FilterGridLayout layout = FilterGrid.layout(big, DEFAULTS, FilterPage.first(big, DEFAULTS));
    assertEquals(3 * 4, layout.cellWidth(), "4 px per weight rather than the default 9");
    assertTrue(layout.width() <= FilterGrid.TARGET_SIDE && layout.width() > FilterGrid.TARGET_SIDE / 2,
        "width " + layout.width());
    // A first layer keeps its default size: 7x7 at 4 px per weight.
    FilterKernel conv1 = FilterKernel.conv(Tensor.zeros(7, 7, 3, 64));
    assertEquals(28, FilterGrid.layout(conv1, DEFAULTS, FilterPage.all(conv1)).cellWidth());
    // Never below 1 px per weight.
    FilterKernel wide = FilterKernel.conv(Tensor.zeros(31, 31, 64, 64));
    assertEquals(31, FilterGrid.layout(wide, DEFAULTS, FilterPage.first(wide, DEFAULTS)).cellWidth());
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
