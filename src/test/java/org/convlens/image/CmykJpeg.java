package org.convlens.image;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds a real CMYK JPEG the way Photoshop stores one: four components written without colour transform
 * (the JDK's writer does that for a four-band raster) and an Adobe APP14 segment with transform 0, which
 * tells readers the components are CMYK, stored inverted as Adobe does.
 */
final class CmykJpeg {
  private CmykJpeg() {}

  /** Left half C0 M100 Y100 K0 (red), right half C0 M0 Y0 K100 (black). */
  static byte[] redAndBlack(int width, int height) throws Exception {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] cmyk = x < width / 2 ? new int[] {0, 255, 255, 0} : new int[] {0, 0, 0, 255};
        for (int c = 0; c < 4; c++) {
          raster.setSample(x, y, c, 255 - cmyk[c]); // Adobe CMYK is stored inverted
        }
      }
    }
    ImageWriter writer = jdkWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    byte[] adobe = {
        (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 // transform 0: CMYK
    };
    return TestImages.insert(out.toByteArray(), 2, adobe);
  }

  private static ImageWriter jdkWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      if (writer.getClass().getName().startsWith("com.sun.")) {
        return writer;
      }
    }
    throw new IllegalStateException("the JDK's JPEG writer is not registered");
  }
}
