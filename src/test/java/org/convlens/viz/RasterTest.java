package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RasterTest {
  @Test
  void ofRgbAddsOpaqueAlphaAndIsRowMajor() {
    Raster r = Raster.ofRgb(2, 2, new int[] {0x112233, 0x445566, 0x778899, 0xAABBCC});
    assertEquals(0xFF445566, r.get(1, 0));
    assertEquals(0xFF778899, r.get(0, 1));
    r.set(1, 1, 0x12345678);
    assertEquals(0x12345678, r.pixels()[3]);
    assertThrows(IndexOutOfBoundsException.class, () -> r.get(2, 0));
    assertThrows(IllegalArgumentException.class, () -> Raster.ofRgb(2, 2, new int[3]));
  }

  @Test
  void copyAndBlitMoveTheRightPixels() {
    int[] rgb = new int[12];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = i;
    }
    Raster src = Raster.ofRgb(4, 3, rgb);
    Raster sub = src.copy(new Rect(1, 1, 2, 2));
    assertArrayEquals(new int[] {0xFF000005, 0xFF000006, 0xFF000009, 0xFF00000A}, sub.pixels());

    Raster dst = new Raster(3, 3);
    dst.blit(sub, 2, 2); // clipped to one pixel
    assertEquals(0xFF000005, dst.get(2, 2));
    assertEquals(0, dst.get(1, 1));
    dst.blit(sub, -1, -1); // clipped on the other side
    assertEquals(0xFF00000A, dst.get(0, 0));
    assertEquals(0, dst.get(1, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> src.copy(new Rect(3, 0, 2, 1)));
  }
}
