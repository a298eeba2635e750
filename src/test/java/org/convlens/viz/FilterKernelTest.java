package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Which axis of each kind of Keras kernel becomes the grid's rows and which its columns. */
class FilterKernelTest {
  /** A kernel whose every weight is its own flat index, so a weight says where it was read from. */
  private static Tensor indexed(int... shape) {
    float[] d = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return Tensor.of(d, shape);
  }

  @Test
  void aConvKernelHasAFilterPerRowAndAnInputChannelPerColumn() {
    Tensor w = indexed(2, 3, 4, 5);
    FilterKernel k = FilterKernel.conv(w);
    assertEquals(5, k.rows());
    assertEquals(4, k.columns());
    assertEquals(4, k.inputChannels());
    assertEquals(w.get(1, 2, 3, 4), k.weight(1, 2, 4, 3));
    assertFalse(k.filtersAreColumns());
    assertFalse(k.pointwise());
  }

  @Test
  void aDepthwiseKernelHasAChannelPerColumnAndTheMultiplierPerRow() {
    Tensor w = indexed(3, 3, 8, 2); // 8 input channels, depth multiplier 2
    FilterKernel k = new FilterKernel(w, FilterKernel.Kind.DEPTHWISE, 1);
    assertEquals(2, k.rows());
    assertEquals(8, k.columns());
    assertEquals(8, k.inputChannels());
    assertEquals(w.get(2, 1, 6, 1), k.weight(2, 1, 1, 6));
    assertTrue(k.filtersAreColumns());
    assertFalse(k.hasColour(), "three depthwise channels are three filters, not one colour");
    // Channel 6's filter: its 3x3 kernels for both multipliers; nothing of channel 5 or 7.
    Statistics.Summary s = k.filterSummary(0, 6);
    assertEquals(18, s.finiteCount());
    assertEquals(w.get(0, 0, 6, 0), s.min());
    assertEquals(w.get(2, 2, 6, 1), s.max());
  }

  @Test
  void aTransposedKernelHasItsFiltersOnTheThirdAxis() {
    Tensor w = indexed(2, 2, 6, 3); // [kh, kw, filters, in]
    FilterKernel k = new FilterKernel(w, FilterKernel.Kind.TRANSPOSED, 1);
    assertEquals(6, k.rows());
    assertEquals(3, k.columns());
    assertEquals(w.get(1, 0, 5, 2), k.weight(1, 0, 5, 2));
    Statistics.Summary s = k.filterSummary(5, 0);
    assertEquals(12, s.finiteCount());
    assertEquals(w.get(0, 0, 5, 0), s.min());
    assertEquals(w.get(1, 1, 5, 2), s.max());
  }

  @Test
  void aGroupedKernelMapsEachFiltersColumnsToTheChannelsOfItsGroup() {
    // 128 input channels in 32 groups: each of the 64 filters sees 4; filters 0-1 group 0, 62-63 group 31.
    FilterKernel k = new FilterKernel(Tensor.zeros(3, 3, 4, 64), FilterKernel.Kind.CONV, 32);
    assertEquals(4, k.columns());
    assertEquals(128, k.inputChannels());
    assertEquals(0, k.group(1));
    assertEquals(31, k.group(63));
    assertEquals(3, k.inputChannel(1, 3));
    assertEquals(31 * 4 + 2, k.inputChannel(63, 2));
    assertFalse(k.hasColour());
  }

  @Test
  void onlyAPlainConvOverThreeChannelsHasAColourView() {
    assertTrue(FilterKernel.conv(Tensor.zeros(3, 3, 3, 8)).hasColour());
    assertFalse(FilterKernel.conv(Tensor.zeros(3, 3, 4, 8)).hasColour());
    assertFalse(new FilterKernel(Tensor.zeros(3, 3, 8, 3), FilterKernel.Kind.TRANSPOSED, 1).hasColour());
    assertTrue(FilterKernel.conv(Tensor.zeros(1, 1, 3, 8)).pointwise());
  }

  @Test
  void rejectsKernelsThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> FilterKernel.conv(Tensor.zeros(3, 3, 4)));
    assertThrows(IllegalArgumentException.class,
        () -> new FilterKernel(Tensor.zeros(3, 3, 4, 6), FilterKernel.Kind.CONV, 4)); // 6 filters, 4 groups
    assertThrows(IllegalArgumentException.class,
        () -> new FilterKernel(Tensor.zeros(3, 3, 4, 1), FilterKernel.Kind.DEPTHWISE, 2));
  }
}
