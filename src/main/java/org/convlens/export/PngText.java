package org.convlens.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/** Reads the text chunks of a PNG back: what {@link PngWriter} wrote, for tests and the UI's "about this file". */
public final class PngText {
  private PngText() {}

  /** Keyword to text of every {@code tEXt}, {@code iTXt} and {@code zTXt} chunk, in file order per kind. */
  public static Map<String, String> read(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IOException("cannot open " + file);
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException(file + " is not an image this Java runtime can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, false);
        Node root = reader.getImageMetadata(0).getAsTree(PngWriter.FORMAT);
        Map<String, String> text = new LinkedHashMap<>();
        for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
          String valueAttribute = switch (chunk.getNodeName()) {
            case "tEXt", "zTXt" -> "value";
            case "iTXt" -> "text";
            default -> null;
          };
          for (Node e = chunk.getFirstChild(); valueAttribute != null && e != null; e = e.getNextSibling()) {
            text.put(attribute(e, "keyword"), attribute(e, valueAttribute));
          }
        }
        return text;
      } finally {
        reader.dispose();
      }
    }
  }

  private static String attribute(Node node, String name) {
    Node a = node.getAttributes().getNamedItem(name);
    return a == null ? "" : a.getNodeValue();
  }
}
