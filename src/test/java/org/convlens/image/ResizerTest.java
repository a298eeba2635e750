package org.convlens.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResizerTest {

  /** The test pattern; the expected values below came from Pillow 9.4 resizing the same pattern. */
  private static RgbImage pattern(int width, int height) {
    return TestImages.rgb(width, height, (x, y) -> ((x * x * 3 + y * 7) % 256) << 16
        | ((x * 11 + y * y * 5) % 256) << 8
        | (x * y + x + y * 29) % 256);
  }

  @Test
  void sameSizeIsReturnedAsItIs() {
    RgbImage image = pattern(7, 5);
    assertSame(image, Resizer.resize(image, 7, 5));
  }

  @ParameterizedTest
  @CsvSource({"37, 23, 10, 7", "10, 7, 37, 23", "5, 50, 224, 224", "640, 3, 1, 1"})
  void constantImageStaysConstant(int w, int h, int toW, int toH) {
    RgbImage out = Resizer.resize(RgbImage.filled(w, h, 0x3C80F1), toW, toH);
    assertEquals(toW, out.width());
    assertEquals(toH, out.height());
    for (int p : out.pixels()) {
      assertEquals(0x3C80F1, p);
    }
  }

  /**
   * Shrinking 4 to 2 widens the triangle to a support of 2 source pixels: centres 1.0 and 3.0, each seeing
   * three pixels with weights (0.75, 0.75, 0.25) / 1.75 = 3/7, 3/7, 1/7 (and the mirror image).
   */
  @Test
  void shrinkFourToTwoByHand() {
    RgbImage in = new RgbImage(4, 1, new int[] {10 << 16, 20 << 16, 30 << 16, 45 << 16});
    RgbImage out = Resizer.resize(in, 2, 1);
    // (3*10 + 3*20 + 30) / 7 = 17.14 -> 17; (20 + 3*30 + 3*45) / 7 = 35
    assertArrayEquals(new int[] {17 << 16, 35 << 16}, out.pixels());
  }

  /** Enlarging 2 to 4: centres 0.25, 0.75, 1.25, 1.75; the edge ones see one pixel, the middle ones 3:1 mixes. */
  @Test
  void enlargeTwoToFourByHand() {
    RgbImage in = new RgbImage(2, 1, new int[] {10, 21});
    RgbImage out = Resizer.resize(in, 4, 1);
    // 10; 0.75*10 + 0.25*21 = 12.75 -> 13; 0.25*10 + 0.75*21 = 18.25 -> 18; 21
    assertArrayEquals(new int[] {10, 13, 18, 21}, out.pixels());
  }

  @Test
  void shrinkingACheckerboardAveragesInsteadOfAliasing() {
    RgbImage board = TestImages.rgb(64, 64, (x, y) -> (x + y) % 2 == 0 ? 0xFFFFFF : 0x000000);
    RgbImage out = Resizer.resize(board, 8, 8);
    for (int p : out.pixels()) {
      for (int shift : new int[] {0, 8, 16}) {
        int v = (p >> shift) & 0xFF;
        assertTrue(Math.abs(v - 127.5) <= 3, "expected mid gray, got " + TestImages.hex(p));
      }
    }
  }

  @Test
  void matchesPillowOnASmallImageExactly() {
    assertArrayEquals(new int[] {
        0x0C121A, 0x2B2B1E, 0x754823, 0xA26528, 0x7C7E2C, 0x1A3957, 0x395260, 0x836F6A, 0x718C74, 0x7EA37D,
        0x2A889B, 0x499BAA, 0x93A3B4, 0x7B90B8, 0x8D89B1, 0x3864D3, 0x575CA1, 0xA16980, 0x89634A, 0x9B7C4D},
        Resizer.resize(pattern(13, 9), 5, 4).pixels());
  }

  @Test
  void matchesPillowWhenOnlyOneAxisChanges() {
    assertArrayEquals(new int[] {
        0x030901, 0x181E03, 0x4A3605, 0x9A4E07, 0xA06609, 0x7A7B0B, 0x0A0E1F, 0x1F2322, 0x513B27, 0xA1532B,
        0xA76B30, 0x818033, 0x111D3C, 0x263242, 0x584A49, 0x9A624F, 0x457A56, 0x888F5C, 0x18365A, 0x2D4B62,
        0x5F636B, 0xA17B73, 0x4C937C, 0x8FA884, 0x1F5978, 0x346E82, 0x66868C, 0xA89E98, 0x53B6A2, 0x96CBAC,
        0x268696, 0x3B9BA1, 0x6DB3AE, 0xAFCBBC, 0x5AE3C9, 0x9D95D4, 0x2DBDB4, 0x42D2C1, 0x74E5D0, 0xB641E0,
        0x611AEF, 0xA42F99, 0x3461D1, 0x4913E1, 0x7B2BEE, 0xBD4343, 0x685B15, 0xAB7025, 0x3B49EF, 0x505E65,
        0x827614, 0xC48E28, 0x6FA63C, 0xB2BB4D},
        Resizer.resize(pattern(13, 9), 6, 9).pixels());
    RgbImage tall = Resizer.resize(pattern(13, 9), 13, 4);
    assertEquals(0x060618, tall.rgb(0, 0));
    assertEquals(0xE28832, tall.rgb(12, 3));
  }

  /** CRC-32 of the RGB bytes of Pillow's {@code resize((224, 224), Image.BILINEAR)} of the pattern. */
  @ParameterizedTest
  @CsvSource({"640, 480, 2070151862", "100, 37, 466720666", "1001, 999, 1729560269"})
  void matchesPillowTo224(int width, int height, long crc) {
    RgbImage out = Resizer.resize(pattern(width, height), 224, 224);
    CRC32 actual = new CRC32();
    for (int p : out.pixels()) {
      actual.update(p >> 16 & 0xFF);
      actual.update(p >> 8 & 0xFF);
      actual.update(p & 0xFF);
    }
    assertEquals(crc, actual.getValue());
  }

  @Test
  void rejectsEmptyTargets() {
    assertThrows(IllegalArgumentException.class, () -> Resizer.resize(pattern(3, 3), 0, 3));
  }
}
