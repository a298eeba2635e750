package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColormapTest {
  @Test
  void endpointsMatchMatplotlib() {
    assertEquals(0xFF440154, Colormap.VIRIDIS.argb(0));
    assertEquals(0xFFFDE725, Colormap.VIRIDIS.argb(1));
    assertEquals(0xFF000004, Colormap.MAGMA.argb(0));
    assertEquals(0xFFFCFDBF, Colormap.MAGMA.argb(1));
    assertEquals(0xFF000000, Colormap.GRAY.argb(0));
    assertEquals(0xFFFFFFFF, Colormap.GRAY.argb(1));
  }

  @Test
  void divergingIsBlueWhiteRed() {
    assertEquals(0xFFFFFFFF, Colormap.DIVERGING.argb(0.5));
    int low = Colormap.DIVERGING.argb(0);
    int high = Colormap.DIVERGING.argb(1);
    assertTrue((low & 0xFF) > (low >> 16 & 0xFF), "low end is blue");
    assertTrue((high >> 16 & 0xFF) > (high & 0xFF), "high end is red");
  }

  @Test
  void midpointsAreMatplotlibAnchors() {
    // matplotlib: viridis(128/255) = #21918C, magma(128/255) = #B73779
    assertEquals(0xFF21918C, Colormap.VIRIDIS.argb(128 / 255.0));
    assertEquals(0xFFB73779, Colormap.MAGMA.argb(128 / 255.0));
    assertEquals(0xFF808080, Colormap.GRAY.argb(0.5));
  }

  @Test
  void clampsAndSurvivesNaN() {
    for (Colormap c : Colormap.values()) {
      assertEquals(c.argb(0), c.argb(-3));
      assertEquals(c.argb(1), c.argb(7));
      assertEquals(c.argb(0), c.argb(Double.NaN));
      assertEquals(c.argb(1), c.argb(Double.POSITIVE_INFINITY));
    }
  }

  @Test
  void grayIsMonotonicAndOpaque() {
    int previous = -1;
    for (int i = 0; i <= 100; i++) {
      int argb = Colormap.GRAY.argb(i / 100.0);
      assertEquals(0xFF, argb >>> 24);
      int g = argb & 0xFF;
      assertTrue(g >= previous);
      assertEquals(g, argb >> 8 & 0xFF);
      previous = g;
    }
  }

  @Test
  void descriptionsArePlainWordsNotEnumCodes() {
    assertEquals("gray", Colormap.GRAY.description());
    assertEquals("viridis", Colormap.VIRIDIS.description());
    assertEquals("magma", Colormap.MAGMA.description());
    assertEquals("diverging (blue-white-red)", Colormap.DIVERGING.description());
    for (Colormap c : Colormap.values()) {
      assertFalse(c.description().contains(c.name()), c + " is described by its code");
    }
  }
}
