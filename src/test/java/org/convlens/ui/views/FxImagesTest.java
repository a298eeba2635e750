package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.convlens.image.RgbImage;
import org.convlens.viz.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class FxImagesTest {
  @Start
  void start(Stage stage) {
    // Only the toolkit is needed.
  }

  @Test
  void rasterPixelsArriveUnchanged() {
    int[] argb = {0xFF102030, 0xFFFFFFFF, 0xFF000000, 0x80FF0000, 0xFF00FF00, 0xFFABCDEF};
    Image image = FxImages.of(Raster.wrap(3, 2, argb));
    assertEquals(3, image.getWidth());
    assertEquals(2, image.getHeight());
    PixelReader reader = image.getPixelReader();
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        int expected = argb[y * 3 + x];
        int actual = reader.getArgb(x, y);
        if (expected >>> 24 == 0xFF) {
          assertEquals(expected, actual, "pixel " + x + "," + y);
        } else {
          // Stored premultiplied: alpha survives, colour within rounding.
          assertEquals(expected >>> 24, actual >>> 24);
        }
      }
    }
  }

  @Test
  void rgbImagesBecomeOpaque() {
    RgbImage rgb = new RgbImage(2, 1, new int[] {0x123456, 0xFEDCBA});
    PixelReader reader = FxImages.of(rgb).getPixelReader();
    assertEquals(0xFF123456, reader.getArgb(0, 0));
    assertEquals(0xFFFEDCBA, reader.getArgb(1, 0));
  }

  @Test
  void emptyRastersAreRejectedWithTheirSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FxImages.of(new Raster(0, 5)));
    assertEquals("cannot show an empty 0x5 image", e.getMessage());
  }
}
