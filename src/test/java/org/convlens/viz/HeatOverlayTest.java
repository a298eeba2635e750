package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HeatOverlayTest {

  @Test
  void upsamplingKeepsConstantsAndInterpolatesBetweenCellCentres() {
    Tensor flat = HeatOverlay.upsample(Tensor.of(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 2, 2), 5, 3);
    assertArrayEquals(new int[] {3, 5}, flat.shape());
    for (float v : flat.data()) {
      assertEquals(0.25f, v, 1e-6);
    }
    // Two cells across four pixels: pixel centres 0.5, 1.5, 2.5, 3.5 sit at cell coordinates -0.25, 0.25, 0.75, 1.25.
    Tensor ramp = HeatOverlay.upsample(Tensor.of(new float[] {0, 1}, 1, 2), 4, 1);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, ramp.data(), 1e-6f);
  }

  @Test
  void colourCoversPixelsInProportionToTheMap() {
    Raster grey = Raster.ofRgb(2, 1, new int[] {0x808080, 0x808080});
    Raster out = HeatOverlay.render(grey, Tensor.of(new float[] {0, 1}, 1, 2), Colormap.GRAY, 0.5);
    assertEquals(0xFF808080, out.get(0, 0), "no evidence: the image unchanged");
    // GRAY maps 1 to white; half of it over grey 128: 128 + (255 - 128) / 2 = 191.5, rounded to 192.
    assertEquals(0xFFC0C0C0, out.get(1, 0));
    assertEquals(0xFFFFFFFF, HeatOverlay.render(grey, Tensor.of(new float[] {1, 1}, 1, 2), Colormap.GRAY, 1).get(0, 0));
    assertThrows(IllegalArgumentException.class, () -> HeatOverlay.render(grey, Tensor.zeros(1, 2), Colormap.GRAY, 1.5));
  }

  @Test
  void sparseMapsAreStretchedToAQuantile() {
    float[] values = new float[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i / 99f * 0.5f;
    }
    values[99] = 1; // one outlier
    Tensor clipped = HeatOverlay.clippedAt(Tensor.of(values, 10, 10), 0.9);
    // The 0.9 quantile is entry 90 (0.4545...): it and everything above become 1, the rest scale by 1 / 0.4545.
    assertEquals(1f, clipped.data()[90], 1e-6);
    assertEquals(1f, clipped.data()[99], 1e-6);
    assertEquals(values[45] / values[90], clipped.data()[45], 1e-6);
    Tensor zeros = Tensor.zeros(2, 2);
    assertArrayEquals(zeros.data(), HeatOverlay.clippedAt(zeros, 0.99).data(), "nothing to stretch, no NaN");
  }

  @Test
  void stretchedPictureKeepsChannelOrderAndColours() {
    Tensor x = Tensor.of(new float[] {-1, 0, 1, 1, 1, 1}, 1, 2, 3);
    Raster rgb = InputPictures.stretched(x, false);
    assertEquals(0xFF0080FF, rgb.get(0, 0));
    assertEquals(0xFFFFFFFF, rgb.get(1, 0));
    assertEquals(0xFFFF8000, InputPictures.stretched(x, true).get(0, 0), "BGR tensors come back as RGB");
  }

  @Test
  void mosaicPlacesTilesRowByRow() {
    Raster a = Raster.ofRgb(1, 1, new int[] {0xFF0000});
    Raster b = Raster.ofRgb(1, 1, new int[] {0x00FF00});
    Raster m = InputPictures.mosaic(java.util.List.of(a, b), 1, 0xFF000000);
    assertEquals(5, m.width());
    assertEquals(3, m.height());
    assertEquals(0xFFFF0000, m.get(1, 1));
    assertEquals(0xFF00FF00, m.get(3, 1));
  }
}
