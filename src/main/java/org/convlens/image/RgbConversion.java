package org.convlens.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Brings a decoded {@link BufferedImage} of any type to 8-bit RGB, compositing transparency on white.
 *
 * <p>Gray samples are copied to R, G and B as they are, the way Pillow converts "L" to "RGB". Java's own
 * {@code getRGB} would treat them as linear light and brighten them (gray 128 becomes 188), so gray images
 * never go through it. Samples of more than 8 bits are scaled to 8 bits with rounding.
 */
final class RgbConversion {
  private RgbConversion() {}

  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] out = new int[Math.multiplyExact(w, h)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (cm instanceof IndexColorModel icm) {
      fromPalette(raster, icm, out);
    } else if (isGray(cm)) {
      fromComponents(raster, cm, true, out);
    } else if (isPlainSrgb(cm)) {
      if (!fromInterleavedBytes(raster, cm, out)) {
        fromComponents(raster, cm, false, out);
      }
    } else {
      fromColorManaged(image, out);
    }
    return new RgbImage(w, h, out);
  }

  /** Integer samples in a gray colour space, with or without alpha. */
  private static boolean isGray(ColorModel cm) {
    return (cm instanceof ComponentColorModel)
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && cm.getNumColorComponents() == 1
        && isIntegral(cm.getTransferType());
  }

  /** Integer R, G, B (and maybe alpha) samples that are already sRGB, so no colour conversion is needed. */
  private static boolean isPlainSrgb(ColorModel cm) {
    return (cm instanceof ComponentColorModel || cm instanceof PackedColorModel)
        && cm.getColorSpace().isCS_sRGB()
        && cm.getNumColorComponents() == 3
        && isIntegral(cm.getTransferType());
  }

  private static boolean isIntegral(int transferType) {
    return transferType == DataBuffer.TYPE_BYTE || transferType == DataBuffer.TYPE_USHORT
        || transferType == DataBuffer.TYPE_INT;
  }

  private static void fromPalette(Raster raster, IndexColorModel icm, int[] out) {
    int w = raster.getWidth();
    int[] index = new int[w];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, index);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = onWhite(icm.getRGB(index[x]));
      }
    }
  }

  /** Any integer component layout, read band by band through the raster (the general, slower path). */
  private static void fromComponents(Raster raster, ColorModel cm, boolean gray, int[] out) {
    int w = raster.getWidth();
    int bands = raster.getNumBands();
    int colorBands = gray ? 1 : 3;
    int[] bits = cm.getComponentSize();
    boolean alpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int[] samples = new int[w * bands];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, samples);
      for (int x = 0, s = 0; x < w; x++, s += bands) {
        int r = to8Bits(samples[s], bits[0]);
        int g = gray ? r : to8Bits(samples[s + 1], bits[1]);
        int b = gray ? r : to8Bits(samples[s + 2], bits[2]);
        int a = alpha ? to8Bits(samples[s + colorBands], bits[colorBands]) : 255;
        out[y * w + x] = composite(r, g, b, a, premultiplied);
      }
    }
  }

  /**
   * The fast path for the common case, 8-bit sRGB samples interleaved in one byte array (JPEG, RGB and RGBA
   * PNG): about ten times faster than the general path on a 100-megapixel image. False when it does not apply.
   */
  private static boolean fromInterleavedBytes(Raster raster, ColorModel cm, int[] out) {
    if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || buffer.getNumBanks() != 1
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
      return false;
    }
    for (int bits : cm.getComponentSize()) {
      if (bits != 8) {
        return false;
      }
    }
    byte[] data = buffer.getData();
    int[] offsets = sm.getBandOffsets();
    int stride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int ro = offsets[0];
    int go = offsets[1];
    int bo = offsets[2];
    boolean alpha = cm.hasAlpha();
    int ao = alpha ? offsets[3] : 0;
    boolean premultiplied = cm.isAlphaPremultiplied();
    int w = raster.getWidth();
    for (int y = 0; y < raster.getHeight(); y++) {
      int p = buffer.getOffset() + y * scanline;
      int o = y * w;
      for (int x = 0; x < w; x++, p += stride) {
        int r = data[p + ro] & 0xFF;
        int g = data[p + go] & 0xFF;
        int b = data[p + bo] & 0xFF;
        out[o + x] = alpha
            ? composite(r, g, b, data[p + ao] & 0xFF, premultiplied)
            : (r << 16) | (g << 8) | b;
      }
    }
    return true;
  }

  /** Anything else (CMYK left unconverted, ICC profiles, float samples): Java's colour management to sRGB. */
  private static void fromColorManaged(BufferedImage image, int[] out) {
    int w = image.getWidth();
    int[] row = new int[w];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = onWhite(row[x]);
      }
    }
  }

  /** An unpremultiplied {@code 0xAARRGGBB} composited on white. */
  static int onWhite(int argb) {
    return composite((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, argb >>> 24, false);
  }

  /** {@code c * a + 255 * (1 - a)} per channel, rounded; opaque pixels pass unchanged. */
  static int composite(int r, int g, int b, int a, boolean premultiplied) {
    if (a != 255) {
      if (premultiplied) {
        r = Math.min(255, r + 255 - a);
        g = Math.min(255, g + 255 - a);
        b = Math.min(255, b + 255 - a);
      } else {
        int white = 255 * (255 - a);
        r = (r * a + white + 127) / 255;
        g = (g * a + white + 127) / 255;
        b = (b * a + white + 127) / 255;
      }
    }
    return (r << 16) | (g << 8) | b;
  }

  /** Scales an unsigned sample of {@code bits} bits to 0..255 with rounding. */
  static int to8Bits(int sample, int bits) {
    if (bits == 8) {
      return sample & 0xFF;
    }
    long max = (1L << bits) - 1;
    return (int) (((sample & max) * 255 + max / 2) / max);
  }
}
