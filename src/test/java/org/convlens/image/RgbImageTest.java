package org.convlens.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RgbImageTest {
  @Test
  void pixelsAreRowMajor() {
    RgbImage image = new RgbImage(2, 2, new int[] {1, 2, 3, 4});
    assertEquals(2, image.rgb(1, 0));
    assertEquals(3, image.rgb(0, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> image.rgb(2, 0));
  }

  @Test
  void sizesMustAgreeWithTheArray() {
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new int[3]));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 1, new int[0]));
  }

  @Test
  void equalityIsByContent() {
    assertEquals(new RgbImage(1, 2, new int[] {5, 6}), new RgbImage(1, 2, new int[] {5, 6}));
    assertEquals(new RgbImage(1, 2, new int[] {5, 6}).hashCode(), new RgbImage(1, 2, new int[] {5, 6}).hashCode());
    assertNotEquals(new RgbImage(1, 2, new int[] {5, 6}), new RgbImage(2, 1, new int[] {5, 6}));
  }
}
