package org.convlens.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A JPEG with an embedded ICC profile decodes to exactly Pillow's pixels (Pillow ignores the profile, and Keras
 * reads images through Pillow). The expected values were computed with Pillow 9.4:
 * {@code np.asarray(Image.open("rocket.jpg").convert("RGB"))}.
 */
class ProfiledJpegTest {
  @Test
  void rocketPhotoMatchesPillowPixelForPixel() throws Exception {
    RgbImage image = new ImageLoader().load(Path.of("sample-images", "rocket.jpg"));
    assertEquals(640, image.width());
    assertEquals(427, image.height());
    assertEquals(0x11213a, image.rgb(0, 0));
    assertEquals(0x7d7865, image.rgb(320, 200));
    assertEquals(0x533d25, image.rgb(639, 426));
    CRC32 crc = new CRC32();
    for (int p : image.pixels()) {
      crc.update(p >> 16);
      crc.update(p >> 8);
      crc.update(p);
    }
    assertEquals(1238312107L, crc.getValue());
  }
}
