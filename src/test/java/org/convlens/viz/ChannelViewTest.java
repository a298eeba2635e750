package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ChannelViewTest {
  // [2, 2, 2]: channel 1 = 10 20 / 30 40
  private final Tensor map = Tensor.of(new float[] {0, 10, 0, 20, 0, 30, 0, 40}, 2, 2, 2);

  @Test
  void statsAndValueLookup() {
    ChannelView v = ChannelView.of(map, 1);
    assertEquals(10, v.stats().min());
    assertEquals(40, v.stats().max());
    assertEquals(25, v.stats().mean());
    assertEquals(30, v.valueAt(0, 1));
    // drawn at 100 x 100, pixel (75, 10) is over cell (1, 0)
    assertEquals(20, v.valueUnder(75, 10, 100, 100));
    assertEquals(40, v.valueUnder(99, 99, 100, 100));
    assertThrows(IndexOutOfBoundsException.class, () -> v.valueUnder(100, 0, 100, 100));
    assertThrows(IndexOutOfBoundsException.class, () -> ChannelView.of(map, 2));
  }

  @Test
  void renderScalesWithNearestNeighbour() {
    Raster r = ChannelView.of(map, 1).render(3, Colormap.GRAY);
    assertEquals(6, r.width());
    assertEquals(0xFF000000, r.get(2, 2));
    assertEquals(0xFFFFFFFF, r.get(3, 3));
    assertEquals(Colormap.GRAY.argb(1 / 3.0), r.get(5, 0));
    Raster sized = ChannelView.of(map, 1).renderTo(5, 4, Colormap.GRAY);
    assertEquals(5, sized.width());
    assertEquals(4, sized.height());
    assertEquals(0xFFFFFFFF, sized.get(4, 3));
  }

  @Test
  void overlayBlendsWithAlpha() {
    Raster input = Raster.ofRgb(4, 4, new int[16]); // black
    ChannelView v = ChannelView.of(map, 1);
    assertEquals(input, v.overlay(input, Colormap.GRAY, 0));
    Raster full = v.overlay(input, Colormap.GRAY, 1);
    // bilinear, pixel centres aligned: the corners are the cells themselves
    assertEquals(0xFF000000, full.get(0, 0));
    assertEquals(0xFFFFFFFF, full.get(3, 3));
    // pixel (1, 0) samples x = 0.25 between 10 and 20: 12.5 -> t = 2.5 / 30
    assertEquals(Colormap.GRAY.argb(2.5 / 30), full.get(1, 0));
    Raster half = v.overlay(Raster.ofRgb(4, 4, filled(16, 0xFFFFFF)), Colormap.GRAY, 0.5);
    assertEquals(0xFF808080, half.get(0, 0)); // black over white at one half
    assertThrows(IllegalArgumentException.class, () -> v.overlay(input, Colormap.GRAY, 1.5));
  }

  @Test
  void constantChannelIsMidLevelNotNaN() {
    ChannelView v = ChannelView.of(map, 0);
    Raster r = v.render(1, Colormap.MAGMA);
    for (int p : r.pixels()) {
      assertEquals(Colormap.MAGMA.argb(0.5), p);
    }
    assertEquals(Colormap.MAGMA.argb(0.5), v.overlay(r, Colormap.MAGMA, 1).get(0, 0));
  }

  private static int[] filled(int n, int rgb) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, rgb);
    return a;
  }
}
