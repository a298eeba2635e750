package org.convlens.image;

import static org.convlens.image.TestImages.hex;
import static org.convlens.image.TestImages.isReddish;
import static org.convlens.image.TestImages.isWhitish;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
  private static final int W = 48;
  private static final int H = 32;
  private static final int BLOCK = 16; // one 4:2:0 JPEG MCU, so the red stays red after compression

  private final ImageLoader loader = new ImageLoader();

  /** A white 48x32 JPEG with a red 16x16 block in the stored top-left corner, and the given EXIF block. */
  private static byte[] jpegWithMarker(byte[] app1) {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.RED);
    g.fillRect(0, 0, BLOCK, BLOCK);
    g.dispose();
    byte[] jpeg = TestImages.encode(image, "jpeg");
    return app1 == null ? jpeg : TestImages.insert(jpeg, TestImages.afterJfif(jpeg), app1);
  }

  @ParameterizedTest(name = "orientation {0}: {1}x{2}, red block centred at ({3}, {4})")
  @CsvSource({
      "1, 48, 32,  8,  8", // as stored
      "3, 48, 32, 40, 24", // upside down: the block moves to the bottom right
      "6, 32, 48, 24,  8", // a quarter turn clockwise: top-left goes to top-right
      "8, 32, 48,  8, 40", // a quarter turn anticlockwise: top-left goes to bottom-left
  })
  void orientationIsApplied(int orientation, int width, int height, int redX, int redY) throws Exception {
    byte[] jpeg = jpegWithMarker(TestImages.exifOrientationSegment(orientation));
    assertEquals(orientation, ExifOrientation.read(jpeg), "the hand-made EXIF block should parse");

    RgbImage loaded = loader.load(jpeg, "phone.jpg");
    assertEquals(width, loaded.width());
    assertEquals(height, loaded.height());
    assertTrue(isReddish(loaded.rgb(redX, redY)), "expected red at the block, got " + hex(loaded.rgb(redX, redY)));
    // The opposite corner is white whatever the orientation.
    int farX = width - 1 - redX;
    int farY = height - 1 - redY;
    assertTrue(isWhitish(loaded.rgb(farX, farY)), "expected white opposite, got " + hex(loaded.rgb(farX, farY)));
  }

  @Test
  void brokenExifIsIgnored() throws Exception {
    RgbImage loaded = loader.load(jpegWithMarker(TestImages.brokenExifSegment()), "odd.jpg");
    assertEquals(W, loaded.width());
    assertTrue(isReddish(loaded.rgb(8, 8)));
  }

  @Test
  void noExifMeansNoChange() throws Exception {
    byte[] jpeg = jpegWithMarker(null);
    assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(jpeg));
    assertEquals(W, loader.load(jpeg, "plain.jpg").width());
  }

  /** Expected layouts from Pillow's {@code Image.transpose}, which {@code ImageOps.exif_transpose} uses. */
  @ParameterizedTest(name = "orientation {0}")
  @CsvSource(delimiter = ';', value = {
      "1; 3; 1,2,3,4,5,6",
      "2; 3; 3,2,1,6,5,4",
      "3; 3; 6,5,4,3,2,1",
      "4; 3; 4,5,6,1,2,3",
      "5; 2; 1,4,2,5,3,6",
      "6; 2; 4,1,5,2,6,3",
      "7; 2; 6,3,5,2,4,1",
      "8; 2; 3,6,2,5,1,4",
  })
  void allEightOrientationsMatchPillow(int orientation, int width, String expected) {
    RgbImage in = new RgbImage(3, 2, new int[] {1, 2, 3, 4, 5, 6});
    RgbImage out = ExifOrientation.apply(in, orientation);
    assertEquals(width, out.width());
    assertArrayEquals(java.util.Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray(),
        out.pixels());
  }
}
