package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FilterGridTest {
  private static final int S = FilterGrid.SEPARATOR_COLOUR;
  private static final int MAGENTA = 0xFFFF00FF;

  private static int gray(int g) {
    return 0xFF000000 | g << 16 | g << 8 | g;
  }

  /** Kernel [kh=2, kw=2, in=1, out=2]; flat index is (i * 2 + j) * 2 + o. */
  private static Tensor twoFilters(float[] filter0, float[] filter1) {
    float[] d = new float[8];
    for (int k = 0; k < 4; k++) {
      d[k * 2] = filter0[k];
      d[k * 2 + 1] = filter1[k];
    }
    return Tensor.of(d, 2, 2, 1, 2);
  }

  @Test
  void globalGrayPutsKnownValuesInKnownPlaces() {
    // filter 0 (row-major i, j) = -1 0 / 1 3; filter 1 is constant 1. Global min -1, max 3:
    // t = 0, 0.25, 0.5, 1 -> gray 0, 64 (63.75), 128 (127.5), 255; the constant 1 is t = 0.5 -> 128.
    Tensor k = twoFilters(new float[] {-1, 0, 1, 3}, new float[] {1, 1, 1, 1});
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 2));

    // scale 1: cells 2x2, a 2 px separator between the two rows
    int[] expected = {
        gray(0), gray(64),
        gray(128), gray(255),
        S, S,
        S, S,
        gray(128), gray(128),
        gray(128), gray(128)};
    assertEquals(2, img.raster().width());
    assertEquals(6, img.raster().height());
    assertArrayEquals(expected, img.raster().pixels());
    assertEquals(new ValueRange(-1, 3), img.kernelRange());
    assertEquals(new ValueRange(-1, 3), img.range(1));
    assertEquals(0, img.nonFiniteWeights());
  }

  @Test
  void cellsScaleUpNearestNeighbour() {
    Tensor k = twoFilters(new float[] {-1, 0, 1, 3}, new float[] {1, 1, 1, 1});
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 8));
    // scale 4: weight (0,1) covers x 4..7, y 0..3 of the first cell
    assertEquals(8, img.layout().cellWidth());
    for (int y = 0; y < 4; y++) {
      for (int x = 4; x < 8; x++) {
        assertEquals(gray(64), img.raster().get(x, y));
      }
    }
    assertEquals(gray(255), img.raster().get(7, 7));
    assertEquals(S, img.raster().get(0, 9));
    assertEquals(gray(128), img.raster().get(0, 10)); // second filter starts after 8 + 2 px
  }

  @Test
  void defaultScaleMakesA7x7FilterAbout28Px() {
    Tensor k = Tensor.zeros(7, 7, 3, 64);
    FilterGridImage img = FilterGrid.render(k, FilterGridOptions.defaults());
    assertEquals(28, img.layout().cellWidth());
    assertEquals(28, img.layout().cellHeight());
    assertEquals(4, img.layout().columns());
    // Four blocks of 16 filters side by side, 12 px apart.
    assertEquals(4, img.layout().blocks());
    assertEquals(4 * (4 * 28 + 3 * 2) + 3 * 12, img.raster().width());
    assertEquals(16 * 28 + 15 * 2, img.raster().height());
  }

  @Test
  void blocksPlaceLaterFiltersToTheRightAndHoverFindsThem() {
    Tensor k = Tensor.zeros(1, 1, 3, 5);
    k.data()[4] = 1f; // filter 4, channel 0 (C order [kh, kw, in, out]: index = c * out + o)
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 1, 2));
    FilterGridLayout layout = img.layout();
    assertEquals(3, layout.blocks()); // 2 + 2 + 1 filters
    int blockWidth = 4 * 1 + 3 * 2;
    assertEquals(3 * blockWidth + 2 * 12, img.raster().width());
    assertEquals(2 * 1 + 1 * 2, img.raster().height());
    Rect cell = layout.bounds(4, 0);
    assertEquals(new Rect(2 * (blockWidth + 12), 0, 1, 1), cell);
    assertEquals(gray(255), img.raster().get(cell.x(), cell.y()));
    assertEquals(Optional.of(new FilterGridLayout.Cell(4, 0)), layout.cellAt(cell.x(), cell.y()));
    assertEquals(Optional.of(new FilterGridLayout.Cell(3, FilterGridLayout.Cell.COLOUR)),
        layout.cellAt(blockWidth + 12 + 3 * 3, 3));
    assertEquals(Optional.empty(), layout.cellAt(blockWidth + 5, 0), "the gap between blocks");
    assertEquals(Optional.empty(), layout.cellAt(2 * (blockWidth + 12), 3), "no sixth filter below the fifth");
  }

  @Test
  void perFilterStretchesEachFilterOnItsOwn() {
    Tensor k = twoFilters(new float[] {-1, 0, 1, 3}, new float[] {10, 20, 30, 50});
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.PER_FILTER, 2));
    Raster r = img.raster();
    // both filters have the shape t = 0, .25, .5, 1
    assertArrayEquals(r.copy(new Rect(0, 0, 2, 2)).pixels(), r.copy(new Rect(0, 4, 2, 2)).pixels());
    assertEquals(gray(255), r.get(1, 5));
    assertEquals(new ValueRange(10, 50), img.range(1));
    assertEquals(new ValueRange(-1, 50), img.kernelRange());
  }

  @Test
  void symmetricUsesDivergingWithZeroWhite() {
    Tensor k = twoFilters(new float[] {-1, 0, 1, 3}, new float[] {0, 0, 0, -3});
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.SYMMETRIC, 2));
    Raster r = img.raster();
    assertEquals(new ValueRange(-3, 3), img.range(0));
    assertEquals(0xFFFFFFFF, r.get(1, 0)); // 0
    assertEquals(Colormap.DIVERGING.argb(1), r.get(1, 1)); // 3 = max |w|
    assertEquals(Colormap.DIVERGING.argb(0), r.get(1, 5)); // -3
    assertEquals(Colormap.DIVERGING.argb(1 / 3.0), r.get(0, 0)); // -1
  }

  @Test
  void colourColumnShowsRgbWeightsNormalisedPerFilter() {
    // [1, 1, 3, 2]: flat index c * 2 + o. Filter 0 = (R 1, G 0, B -1) -> t (1, .5, 0); filter 1 constant 2.
    Tensor k = Tensor.of(new float[] {1, 2, 0, 2, -1, 2}, 1, 1, 3, 2);
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 1));
    FilterGridLayout layout = img.layout();
    assertTrue(layout.colourColumn());
    assertEquals(4, layout.columns());
    assertEquals(4 + 3 * 2, img.raster().width());
    Rect colour0 = layout.bounds(0, FilterGridLayout.Cell.COLOUR);
    assertEquals(new Rect(9, 0, 1, 1), colour0);
    assertEquals(0xFFFF8000, img.raster().get(9, 0));
    assertEquals(0xFF808080, img.raster().get(9, 3)); // constant filter: mid gray, not NaN
    // the gray columns use the global range [-1, 2]: filter 0's R weight 1 is t = 2/3
    assertEquals(Colormap.GRAY.argb(2 / 3.0), img.raster().get(0, 0));
  }

  @Test
  void layoutHitTestsCellsAndSeparators() {
    Tensor k = Tensor.of(new float[] {1, 2, 0, 2, -1, 2}, 1, 1, 3, 2);
    FilterGridLayout layout = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 1)).layout();
    assertEquals(Optional.of(new FilterGridLayout.Cell(0, FilterGridLayout.Cell.COLOUR)), layout.cellAt(9, 0));
    assertTrue(layout.cellAt(9, 0).get().isColour());
    assertEquals(Optional.of(new FilterGridLayout.Cell(1, 1)), layout.cellAt(3, 3));
    assertEquals(Optional.empty(), layout.cellAt(1, 0)); // separator
    assertEquals(Optional.empty(), layout.cellAt(0, 1));
    assertEquals(Optional.empty(), layout.cellAt(12, 0)); // outside
    assertEquals(Optional.empty(), layout.cellAt(-1, 0));
  }

  @Test
  void constantKernelIsMidGrayEverywhere() {
    float[] d = new float[3 * 3 * 2 * 4];
    java.util.Arrays.fill(d, 5f);
    for (FilterNormalization n : FilterNormalization.values()) {
      FilterGridImage img = FilterGrid.render(Tensor.of(d, 3, 3, 2, 4), new FilterGridOptions(n, 3));
      Raster r = img.raster();
      for (int f = 0; f < 4; f++) {
        for (int c = 0; c < 2; c++) {
          Rect b = img.layout().bounds(f, c);
          int expected = n == FilterNormalization.SYMMETRIC ? Colormap.DIVERGING.argb(1) : gray(128);
          assertEquals(expected, r.get(b.x() + 1, b.y() + 2), n + " filter " + f);
        }
      }
    }
  }

  @Test
  void nonFiniteWeightsAreFlaggedAndCounted() {
    Tensor k = twoFilters(new float[] {Float.NaN, 0, 1, Float.POSITIVE_INFINITY}, new float[] {1, 1, 1, 2});
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 2));
    assertEquals(2, img.nonFiniteWeights());
    assertEquals(MAGENTA, img.raster().get(0, 0));
    assertEquals(MAGENTA, img.raster().get(1, 1));
    assertEquals(gray(0), img.raster().get(1, 0)); // finite range [0, 2]
    assertEquals(new ValueRange(0, 2), img.kernelRange());
  }

  @Test
  void aDepthwiseKernelIsOneColumnPerChannelAndOneRowPerMultiplier() {
    // [kh=1, kw=2, in=3, multiplier=2]; flat index (j * 3 + c) * 2 + m. Channel 1, multiplier 1 holds the max.
    float[] d = new float[12];
    d[(1 * 3 + 1) * 2 + 1] = 4f; // j = 1, c = 1, m = 1
    d[(0 * 3 + 2) * 2 + 0] = -4f; // j = 0, c = 2, m = 0
    FilterKernel k = new FilterKernel(Tensor.of(d, 1, 2, 3, 2), FilterKernel.Kind.DEPTHWISE, 1);
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.GLOBAL, 2),
        FilterPage.all(k));
    FilterGridLayout layout = img.layout();
    assertEquals(2, layout.filters());
    assertEquals(3, layout.channels());
    assertEquals(3, layout.columns(), "no colour column: three channels of a depthwise kernel are three filters");
    assertEquals(1, layout.blocks());
    Rect cell = layout.bounds(1, 1); // multiplier 1, channel 1: its right weight (j = 1) is 4
    assertEquals(2, cell.width());
    assertEquals(1, cell.height());
    assertEquals(gray(255), img.raster().get(cell.x() + 1, cell.y()));
    assertEquals(gray(128), img.raster().get(cell.x(), cell.y()));
    Rect low = layout.bounds(0, 2);
    assertEquals(gray(0), img.raster().get(low.x(), low.y()));
    assertEquals(3, img.filterRanges().size(), "one range per channel: each channel is a depthwise filter");
  }

  @Test
  void perFilterNormalisationOfADepthwiseKernelScalesEachChannelOnItsOwn() {
    // Channel 0 holds 0 and 1, channel 1 holds 0 and 100: both show their max as white.
    float[] d = {0, 0, 1, 100}; // [1, 2, 2, 1]: (j * 2 + c)
    FilterKernel k = new FilterKernel(Tensor.of(d, 1, 2, 2, 1), FilterKernel.Kind.DEPTHWISE, 1);
    FilterGridImage img = FilterGrid.render(k, new FilterGridOptions(FilterNormalization.PER_FILTER, 2),
        FilterPage.all(k));
    Rect c0 = img.layout().bounds(0, 0);
    Rect c1 = img.layout().bounds(0, 1);
    assertEquals(gray(255), img.raster().get(c0.x() + 1, c0.y()));
    assertEquals(gray(255), img.raster().get(c1.x() + 1, c1.y()));
    assertEquals(new ValueRange(0, 1), img.range(0));
    assertEquals(new ValueRange(0, 100), img.range(1));
  }

  @Test
  void aTransposedKernelDrawsItsFiltersAsRows() {
    // [1, 1, filters=2, in=3]: flat index f * 3 + c; filter 1 channel 2 is the only 1.
    float[] d = new float[6];
    d[1 * 3 + 2] = 1f;
    FilterKernel k = new FilterKernel(Tensor.of(d, 1, 1, 2, 3), FilterKernel.Kind.TRANSPOSED, 1);
    FilterGridImage img = FilterGrid.render(k, FilterGridOptions.defaults(), FilterPage.all(k));
    assertEquals(2, img.layout().filters());
    assertEquals(3, img.layout().channels());
    Rect one = img.layout().bounds(1, 2);
    assertEquals(gray(255), img.raster().get(one.x(), one.y()));
    Rect zero = img.layout().bounds(0, 2);
    assertEquals(gray(0), img.raster().get(zero.x(), zero.y()));
  }

  @Test
  void oneByOneKernelsAreAHeatGridOfSmallSquaresWithoutSeparators() {
    Tensor w = Tensor.zeros(1, 1, 8, 16);
    w.data()[5 * 16 + 9] = 1f; // channel 5, filter 9
    FilterKernel k = FilterKernel.conv(w);
    FilterGridImage img = FilterGrid.render(k, FilterGridOptions.defaults(), FilterPage.all(k));
    FilterGridLayout layout = img.layout();
    assertEquals(FilterGrid.HEAT_CELL, layout.cellWidth());
    assertEquals(0, layout.separator());
    assertEquals(1, layout.blocks());
    assertEquals(8 * FilterGrid.HEAT_CELL, img.raster().width());
    assertEquals(16 * FilterGrid.HEAT_CELL, img.raster().height());
    assertEquals(gray(255), img.raster().get(5 * FilterGrid.HEAT_CELL, 9 * FilterGrid.HEAT_CELL));
    assertEquals(gray(0), img.raster().get(5 * FilterGrid.HEAT_CELL, 8 * FilterGrid.HEAT_CELL));
    assertEquals(Optional.of(new FilterGridLayout.Cell(9, 5)),
        layout.cellAt(5 * FilterGrid.HEAT_CELL + 3, 9 * FilterGrid.HEAT_CELL));
  }

  @Test
  void aPageDrawsItsPartOfTheKernelScaledLikeTheWholeKernel() {
    // 4 filters x 4 channels of 1x1 weights w = channel * 4 + filter; the page is filters 2-3 x channels 1-2.
    float[] d = new float[16];
    for (int i = 0; i < 16; i++) {
      d[i] = i; // flat index c * 4 + f
    }
    FilterKernel k = FilterKernel.conv(Tensor.of(d, 1, 1, 4, 4));
    FilterPage page = new FilterPage(2, 2, 1, 2);
    FilterGridImage img = FilterGrid.render(k, FilterGridOptions.defaults(), page);
    assertEquals(page, img.page());
    assertEquals(2, img.layout().filters());
    assertEquals(2, img.layout().channels());
    assertEquals(new ValueRange(0, 15), img.kernelRange());
    Rect cell = img.layout().bounds(1, 0); // filter 3, channel 1: 7 of 0..15
    assertEquals(gray((int) Math.round(7 / 15.0 * 255)), img.raster().get(cell.x(), cell.y()));
    assertThrows(IllegalArgumentException.class,
        () -> FilterGrid.render(k, FilterGridOptions.defaults(), new FilterPage(3, 2, 0, 1)));
  }

  @Test
  void blocksKeepTheGridRoughlySquare() {
    // 64 RGB filters + colour (4 columns) of equal cells: 16 times taller than wide -> 4 blocks of 16.
    assertEquals(16, FilterGridLayout.balancedFiltersPerBlock(64, 4, 28, 28, 2));
    // 64 filters x 64 channels are square already: one block.
    assertEquals(64, FilterGridLayout.balancedFiltersPerBlock(64, 64, 27, 27, 2));
    // 8 filters x 4 columns: twice as tall as wide, not worth cutting.
    assertEquals(8, FilterGridLayout.balancedFiltersPerBlock(8, 4, 27, 27, 2));
    assertEquals(1, FilterGridLayout.balancedFiltersPerBlock(1, 64, 27, 27, 2));
    assertEquals(1, FilterGridLayout.balancedFiltersPerBlock(0, 3, 27, 27, 2));
  }

  @Test
  void rejectsWrongRank() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FilterGrid.render(Tensor.zeros(3, 3, 4), FilterGridOptions.defaults()));
    assertTrue(e.getMessage().contains("(3, 3, 4)"), e.getMessage());
  }
}
