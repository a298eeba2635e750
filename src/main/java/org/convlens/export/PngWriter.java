package org.convlens.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.convlens.files.AtomicFiles;
import org.convlens.viz.Raster;

/**
 * Writes a {@link Raster} as a full-resolution PNG whose text chunks say what it shows (model, weights,
 * layer, normalisation...), so an exported picture still explains itself when it is found later.
 * Values that Latin-1 cannot hold go in UTF-8 {@code iTXt} chunks instead of {@code tEXt}.
 */
public final class PngWriter {
  static final String FORMAT = "javax_imageio_png_1.0";

  private PngWriter() {}

  /** Writes {@code raster} to {@code file} atomically, with {@code text} as keyword/value chunks in order. */
  public static void write(Path file, Raster raster, Map<String, String> text) throws IOException {
    text.forEach(PngWriter::checkKeyword);
    AtomicFiles.write(file, out -> encode(raster, text, out));
  }

  private static void encode(Raster raster, Map<String, String> text, OutputStream out) throws IOException {
    BufferedImage image = toImage(raster);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("this Java runtime has no PNG writer");
    }
    ImageWriter writer = writers.next();
    // A memory cache, not ImageIO's default temporary file: no stray files, no global ImageIO setting.
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      metadata.mergeTree(FORMAT, textTree(text));
      writer.setOutput(ios);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  /** Opaque rasters are written as RGB: a third smaller than RGBA, and what image viewers expect. */
  static BufferedImage toImage(Raster raster) {
    int[] px = raster.pixels();
    boolean opaque = true;
    for (int p : px) {
      if (p >>> 24 != 0xFF) {
        opaque = false;
        break;
      }
    }
    BufferedImage image = new BufferedImage(raster.width(), raster.height(),
        opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
    int[] dst = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(px, 0, dst, 0, px.length);
    return image;
  }

  private static IIOMetadataNode textTree(Map<String, String> text) {
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    IIOMetadataNode latin1 = new IIOMetadataNode("tEXt");
    IIOMetadataNode international = new IIOMetadataNode("iTXt");
    for (Map.Entry<String, String> e : text.entrySet()) {
      String value = e.getValue() == null ? "" : e.getValue();
      if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(value) && value.indexOf('\0') < 0) {
        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", e.getKey());
        entry.setAttribute("value", value);
        latin1.appendChild(entry);
      } else {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", e.getKey());
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", value.replace('\0', ' '));
        international.appendChild(entry);
      }
    }
    if (latin1.getLength() > 0) {
      root.appendChild(latin1);
    }
    if (international.getLength() > 0) {
      root.appendChild(international);
    }
    return root;
  }

  /** The PNG rules for keywords: 1 to 79 printable Latin-1 characters, no leading or trailing space. */
  private static void checkKeyword(String keyword, String ignored) {
    boolean ok = keyword != null && !keyword.isEmpty() && keyword.length() <= 79
        && keyword.equals(keyword.strip()) && !keyword.contains("  ");
    for (int i = 0; ok && i < keyword.length(); i++) {
      char c = keyword.charAt(i);
      ok = (c >= 32 && c <= 126) || (c >= 161 && c <= 255);
    }
    if (!ok) {
      throw new IllegalArgumentException("not a valid PNG text keyword: '" + keyword + "'");
    }
  }
}
