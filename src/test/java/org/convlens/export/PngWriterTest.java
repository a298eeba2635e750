package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.convlens.viz.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {
  @TempDir Path dir;

  private static Raster sample() {
    int[] rgb = new int[7 * 5];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = i * 0x0A0B0C & 0xFFFFFF;
    }
    return Raster.ofRgb(7, 5, rgb);
  }

  private static Map<String, String> text() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Software", "ConvLens");
    m.put("Layer", "conv1_conv");
    m.put("Source image", "café.jpg");
    m.put("Caption", "猫 (cat)"); // not Latin-1: goes to iTXt
    return m;
  }

  @Test
  void roundTripKeepsEveryPixelAndTheText() throws IOException {
    Path file = dir.resolve("view.png");
    Raster r = sample();
    PngWriter.write(file, r, text());
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(7, back.getWidth());
    assertEquals(5, back.getHeight());
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertEquals(r.get(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
    assertEquals(text(), PngText.read(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void translucentPixelsKeepTheirAlpha() throws IOException {
    Raster r = new Raster(2, 1);
    r.set(0, 0, 0x80FF0000);
    r.set(1, 0, 0xFF00FF00);
    Path file = dir.resolve("alpha.png");
    PngWriter.write(file, r, Map.of());
    BufferedImage back = ImageIO.read(file.toFile());
    assertEquals(0x80FF0000, back.getRGB(0, 0));
    assertEquals(0xFF00FF00, back.getRGB(1, 0));
  }

  @Test
  void missingFolderFailsNamingIt() {
    Path missing = dir.resolve("no-such-folder");
    IOException e = assertThrows(IOException.class,
        () -> PngWriter.write(missing.resolve("x.png"), sample(), text()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void readOnlyFolderFailsNamingItAndLeavesNoTempFile() throws IOException {
    Path ro = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(ro), "running as root: a read-only folder is still writable");
      IOException e = assertThrows(IOException.class, () -> PngWriter.write(ro.resolve("x.png"), sample(), text()));
      assertTrue(e.getMessage().contains(ro.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("not writable"), e.getMessage());
      try (Stream<Path> s = Files.list(ro)) {
        assertEquals(0, s.count());
      }
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void badKeywordIsRejectedBeforeWriting() {
    Path file = dir.resolve("bad.png");
    assertThrows(IllegalArgumentException.class, () -> PngWriter.write(file, sample(), Map.of(" lead", "x")));
    assertThrows(IllegalArgumentException.class, () -> PngWriter.write(file, sample(), Map.of("", "x")));
    assertTrue(Files.notExists(file));
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
