package org.convlens.image;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Makes test images in memory, so no binary fixtures need committing. */
final class TestImages {
  private TestImages() {}

  static byte[] encode(RenderedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " and " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An image whose every pixel is different enough that it compresses badly (for truncation tests). */
  static BufferedImage noise(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return image;
  }

  /** An RgbImage built from a function of the position. */
  static RgbImage rgb(int width, int height, java.util.function.IntBinaryOperator rgbAt) {
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = rgbAt.applyAsInt(x, y) & 0xFFFFFF;
      }
    }
    return new RgbImage(width, height, pixels);
  }

  /** {@code bytes} with {@code segment} inserted at {@code position}. */
  static byte[] insert(byte[] bytes, int position, byte[] segment) {
    byte[] out = new byte[bytes.length + segment.length];
    System.arraycopy(bytes, 0, out, 0, position);
    System.arraycopy(segment, 0, out, position, segment.length);
    System.arraycopy(bytes, position, out, position + segment.length, bytes.length - position);
    return out;
  }

  /** Where a new JPEG segment goes: after SOI and, when present, the JFIF APP0 segment that must come first. */
  static int afterJfif(byte[] jpeg) {
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      return 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    return 2;
  }

  /** A JPEG APP1 segment holding an EXIF block whose IFD0 has one entry: Orientation (0x0112, SHORT). */
  static byte[] exifOrientationSegment(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4); // big-endian, as "MM" says
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    return app1(tiff.array());
  }

  /** An APP1 segment that says "Exif" but holds garbage. */
  static byte[] brokenExifSegment() {
    byte[] junk = new byte[20];
    Arrays.fill(junk, (byte) 0x5A);
    return app1(junk);
  }

  private static byte[] app1(byte[] tiff) {
    byte[] header = {'E', 'x', 'i', 'f', 0, 0};
    int length = 2 + header.length + tiff.length;
    ByteBuffer segment = ByteBuffer.allocate(2 + length);
    segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff);
    return segment.array();
  }

  /** One PNG chunk: length, type, data, CRC over type and data. */
  static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    chunk.putInt(data.length).put(typeBytes).put(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    chunk.putInt((int) crc.getValue());
    return chunk.array();
  }

  static boolean isReddish(int rgb) {
    return (rgb >> 16 & 0xFF) > 190 && (rgb >> 8 & 0xFF) < 90 && (rgb & 0xFF) < 90;
  }

  static boolean isWhitish(int rgb) {
    return (rgb >> 16 & 0xFF) > 225 && (rgb >> 8 & 0xFF) > 225 && (rgb & 0xFF) > 225;
  }

  static String hex(int rgb) {
    return String.format("0x%06X", rgb & 0xFFFFFF);
  }
}
