package org.convlens.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF orientation tag (0x0112) and the rotation or mirroring that shows the image upright, as cameras and
 * phones mean it and browsers and Pillow's {@code ImageOps.exif_transpose} apply it.
 */
final class ExifOrientation {
  static final int NORMAL = 1;

  private ExifOrientation() {}

  /** The orientation in the file, 1 when there is none or the metadata cannot be parsed. */
  static int read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, Files.size(file));
    } catch (IOException | RuntimeException e) {
      return NORMAL;
    }
  }

  static int read(byte[] bytes) {
    return read(new ByteArrayInputStream(bytes), bytes.length);
  }

  private static int read(InputStream in, long length) {
    try {
      Metadata metadata = ImageMetadataReader.readMetadata(in, length);
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      Integer value = ifd0 == null ? null : ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
      return value != null && value >= 1 && value <= 8 ? value : NORMAL;
    } catch (Exception e) {
      // Metadata is a nicety: a broken EXIF block must never stop the picture from loading.
      return NORMAL;
    }
  }

  /** Makes the image upright: orientations 5 to 8 swap width and height. */
  static RgbImage apply(RgbImage in, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return in;
    }
    int w = in.width();
    int h = in.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    int[] src = in.pixels();
    int[] out = new int[src.length];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel that is shown at (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }           // mirrored left-right
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }   // upside down
          case 4 -> { sx = x; sy = h - 1 - y; }           // mirrored top-bottom
          case 5 -> { sx = y; sy = x; }                   // transposed
          case 6 -> { sx = y; sy = h - 1 - x; }           // shown after a quarter turn clockwise
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }   // transversed
          default -> { sx = w - 1 - y; sy = x; }          // 8: a quarter turn anticlockwise
        }
        out[y * ow + x] = src[sy * w + sx];
      }
    }
    return new RgbImage(ow, oh, out);
  }
}
