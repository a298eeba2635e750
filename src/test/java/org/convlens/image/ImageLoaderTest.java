package org.convlens.image;

import static org.convlens.image.TestImages.encode;
import static org.convlens.image.TestImages.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.convlens.image.ImageLoadException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
  private final ImageLoader loader = new ImageLoader();

  @TempDir
  Path dir;

  // ---- errors: each one line, naming the file ----

  @Test
  void zeroByteFileIsEmpty() throws Exception {
    Path file = Files.createFile(dir.resolve("blank.png"));
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
    assertFailure(e, Reason.EMPTY, "blank.png", "is empty");
  }

  @Test
  void missingFileIsNotFound() {
    Path file = dir.resolve("nowhere.jpg");
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
    assertFailure(e, Reason.NOT_FOUND, "nowhere.jpg", "was not found");
  }

  @Test
  void folderIsRefused() {
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(dir));
    assertFailure(e, Reason.UNREADABLE, dir.getFileName().toString(), "is a folder");
  }

  @Test
  void textFileNamedPngIsNotRecognised() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.png"), "shopping list:\n- milk\n- bread\n");
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
    assertFailure(e, Reason.UNSUPPORTED_FORMAT, "notes.png", "not an image in a recognised format");
    assertTrue(e.getMessage().contains("PNG, JPEG, BMP or GIF"), e.getMessage());
  }

  @Test
  void webpTiffHeicAndAvifAreNamedAsUnsupported() throws Exception {
    byte[] webp = header("RIFF", new byte[] {36, 0, 0, 0}, "WEBPVP8 ");
    byte[] tiffLittle = header("II*\0", new byte[] {8, 0, 0, 0});
    byte[] tiffBig = header("MM\0*", new byte[] {0, 0, 0, 8});
    byte[] heic = header(new byte[] {0, 0, 0, 24}, "ftypheic", "\0\0\0\0mif1");
    byte[] avif = header(new byte[] {0, 0, 0, 28}, "ftypavif", "\0\0\0\0mif1");
    String[][] cases = {{"photo.webp", "WebP"}, {"scan.tif", "TIFF"}, {"scan2.tiff", "TIFF"},
        {"IMG_1.heic", "HEIC"}, {"pic.avif", "AVIF"}};
    byte[][] bytes = {webp, tiffLittle, tiffBig, heic, avif};
    for (int i = 0; i < cases.length; i++) {
      Path file = Files.write(dir.resolve(cases[i][0]), bytes[i]);
      ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
      assertFailure(e, Reason.UNSUPPORTED_FORMAT, cases[i][0], cases[i][1] + " is not supported");
      assertTrue(e.getMessage().contains("save it as PNG or JPEG"), e.getMessage());
      assertFalse(e.getMessage().contains("not an image"), e.getMessage());
    }
  }

  @Test
  void aRealTiffFileIsNamedAsUnsupported() throws Exception {
    // The JDK can write (and read) TIFF; the app still refuses it, but by name.
    byte[] tiff = encode(TestImages.noise(4, 4, 2), "tiff");
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(tiff, "real.tiff"));
    assertFailure(e, Reason.UNSUPPORTED_FORMAT, "real.tiff", "TIFF is not supported");
  }

  @Test
  void anIsoBoxOfAnotherBrandIsNotCalledHeic() {
    byte[] mp4 = header(new byte[] {0, 0, 0, 24},
        "ftypisom", "\0\0\0\0");
    assertEquals(null, ImageLoader.knownUnsupportedFormat(mp4));
    assertEquals(null, ImageLoader.knownUnsupportedFormat(new byte[] {'R', 'I', 'F'}));
  }

  private static byte[] header(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      byte[] b = part instanceof byte[] bytes ? bytes
          : ((String) part).getBytes(StandardCharsets.ISO_8859_1);
      out.writeBytes(b);
    }
    out.writeBytes(new byte[16]); // a little body, as a real file would have
    return out.toByteArray();
  }

  @Test
  void truncatedPngIsDamaged() throws Exception {
    byte[] png = encode(TestImages.noise(64, 64, 1), "png");
    Path file = Files.write(dir.resolve("half.png"), Arrays.copyOf(png, png.length / 2));
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
    assertFailure(e, Reason.DAMAGED, "half.png", "looks truncated or damaged");
  }

  @Test
  void truncatedJpegIsDamaged() throws Exception {
    byte[] jpeg = encode(TestImages.noise(64, 64, 2), "jpeg");
    Path file = Files.write(dir.resolve("half.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    // The JPEG decoders only warn and fill the rest with gray: the loader must still refuse it.
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(file));
    assertFailure(e, Reason.DAMAGED, "half.jpg", "looks truncated or damaged");
  }

  @Test
  void pngWithCorruptHeaderIsDamaged() throws Exception {
    byte[] png = encode(TestImages.noise(8, 8, 3), "png");
    png[24] = 7; // IHDR bit depth: PNG allows 1, 2, 4, 8 and 16 only
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(png, "flipped.png"));
    assertFailure(e, Reason.DAMAGED, "flipped.png", "looks truncated or damaged");
  }

  // ---- sizes and limits ----

  @Test
  void onePixelImage() throws Exception {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x123456);
    RgbImage loaded = loader.load(encode(image, "png"), "dot.png");
    assertEquals(new RgbImage(1, 1, new int[] {0x123456}), loaded);
  }

  @Test
  void tenThousandSquareImageLoads() throws Exception {
    int side = 10_000;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(0, 0, 0x0000FF);
    image.setRGB(side - 1, 0, 0x00FF00);
    image.setRGB(side - 1, side - 1, 0xFF0000);
    byte[] png = encode(image, "png");
    image = null; // let the 300 MB raster go before decoding
    Path file = Files.write(dir.resolve("big.png"), png);
    RgbImage loaded = loader.load(file);
    assertEquals(side, loaded.width());
    assertEquals(side, loaded.height());
    assertEquals(0x0000FF, loaded.rgb(0, 0));
    assertEquals(0x00FF00, loaded.rgb(side - 1, 0));
    assertEquals(0xFF0000, loaded.rgb(side - 1, side - 1));
    assertEquals(0x000000, loaded.rgb(side / 2, side / 2));
  }

  @Test
  void headerClaimingGiganticImageIsRefusedBeforeDecoding() throws Exception {
    Path file = Files.write(dir.resolve("bomb.png"), pngClaiming(100_000, 100_000));
    ImageLoadException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(ImageLoadException.class, () -> loader.load(file)));
    assertFailure(e, Reason.TOO_LARGE, "bomb.png", "100000x100000 pixels");
    assertTrue(e.getMessage().contains("limit of 20000 pixels per side and 250 megapixels"), e.getMessage());
  }

  @Test
  void limitsAreCheckedPerSideAndInTotal() throws Exception {
    ImageLoader small = new ImageLoader(new ImageLimits(100, 5_000));
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageLoadException.class,
        () -> small.load(encode(new BufferedImage(101, 10, BufferedImage.TYPE_INT_RGB), "png"), "wide.png"))
        .reason());
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageLoadException.class,
        () -> small.load(encode(new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB), "png"), "square.png"))
        .reason());
    assertEquals(100, small.load(encode(new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB), "png"), "ok.png")
        .width());
  }

  // ---- formats and pixel types ----

  @Test
  void grayPngKeepsItsValuesInEveryChannel() throws Exception {
    BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 128, 255});
    RgbImage loaded = loader.load(encode(gray, "png"), "gray.png");
    // Java's getRGB would give 0xBCBCBC for 128 (it treats gray as linear light); Pillow gives 0x808080.
    assertPixels(loaded, 0x000000, 0x808080, 0xFFFFFF);
  }

  @Test
  void sixteenBitGrayPngIsScaledToEightBits() throws Exception {
    BufferedImage gray = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 200 * 257, 0x8000, 65535});
    byte[] png = encode(gray, "png");
    assertEquals(16, png[24], "the test file should really be 16-bit");
    RgbImage loaded = loader.load(png, "deep.png");
    assertPixels(loaded, 0x000000, 0xC8C8C8, 0x808080, 0xFFFFFF);
  }

  @Test
  void halfTransparentRedIsCompositedOnWhite() throws Exception {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80FF0000); // red, alpha 128
    argb.setRGB(1, 0, 0x00123456); // fully transparent
    argb.setRGB(2, 0, 0xFF0000FF); // opaque blue
    RgbImage loaded = loader.load(encode(argb, "png"), "glass.png");
    // 255 * 128/255 + 255 * 127/255 = 255 for red; 0 * 128/255 + 255 * 127/255 = 127 for green and blue
    assertPixels(loaded, 0xFF7F7F, 0xFFFFFF, 0x0000FF);
  }

  @Test
  void paletteGifGivesItsFirstFrameWithTransparencyOnWhite() throws Exception {
    byte[] r = {(byte) 255, 0, 0, 0};
    byte[] g = {0, (byte) 200, 0, 0};
    byte[] b = {0, 0, (byte) 255, 0};
    IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, 3); // index 3 transparent
    BufferedImage first = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    first.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 1, 2, 3});
    BufferedImage second = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    second.getRaster().setPixels(0, 0, 4, 1, new int[] {2, 2, 2, 2});
    byte[] gif = twoFrameGif(first, second);
    assertEquals(2, frameCount(gif), "the test GIF should have two frames");

    RgbImage loaded = loader.load(gif, "anim.gif");
    assertPixels(loaded, 0xFF0000, 0x00C800, 0x0000FF, 0xFFFFFF);
  }

  @Test
  void bmp() throws Exception {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(0, 0, 0xFF0000);
    image.setRGB(1, 0, 0x00FF00);
    image.setRGB(0, 1, 0x0000FF);
    image.setRGB(1, 1, 0x808080);
    Path file = Files.write(dir.resolve("old.bmp"), encode(image, "bmp"));
    assertPixels(loader.load(file), 0xFF0000, 0x00FF00, 0x0000FF, 0x808080);
  }

  @Test
  void jpegFromStreamAndPathAgree() throws Exception {
    byte[] jpeg = encode(TestImages.noise(40, 30, 4), "jpeg");
    Path file = Files.write(dir.resolve("photo.jpg"), jpeg);
    RgbImage fromPath = loader.load(file);
    assertEquals(40, fromPath.width());
    assertEquals(30, fromPath.height());
    assertEquals(fromPath, loader.load(new ByteArrayInputStream(jpeg), "photo.jpg"));
  }

  @Test
  void jpegIsDecodedByTwelveMonkeys() throws Exception {
    byte[] jpeg = encode(TestImages.noise(8, 8, 5), "jpeg");
    assertEquals("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader", loader.readerClassFor(jpeg));
  }

  @Test
  void cmykJpegLoadsWithPlausibleColours() throws Exception {
    byte[] cmyk = CmykJpeg.redAndBlack(32, 16);
    // Proof that the file really is CMYK: the JDK's own reader sees four components in a CMYK colour space.
    javax.imageio.ImageReader jdk = jdkJpegReader();
    jdk.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(cmyk)));
    BufferedImage raw = jdk.read(0);
    assertEquals(4, raw.getColorModel().getNumComponents());
    assertEquals(java.awt.color.ColorSpace.TYPE_CMYK, raw.getColorModel().getColorSpace().getType());
    assertEquals("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader", loader.readerClassFor(cmyk));

    RgbImage loaded = loader.load(cmyk, "print.jpg");
    assertEquals(32, loaded.width());
    int red = loaded.rgb(8, 8);
    int black = loaded.rgb(24, 8);
    assertTrue(TestImages.isReddish(red), "C0 M100 Y100 K0 should look red, got " + hex(red));
    assertTrue(((black >> 16 & 0xFF) + (black >> 8 & 0xFF) + (black & 0xFF)) < 3 * 70,
        "K100 should look near black, got " + hex(black));
  }

  // ---- helpers ----

  private static void assertFailure(ImageLoadException e, Reason reason, String fileName, String phrase) {
    String message = e.getMessage();
    assertEquals(reason, e.reason(), message);
    assertTrue(message.contains(fileName), "message should name the file: " + message);
    assertTrue(message.contains(phrase), "message should say '" + phrase + "': " + message);
    assertFalse(message.contains("\n"), "message should be one line: " + message);
    assertTrue(message.contains(": "), "message should say what to do after a colon: " + message);
  }

  private static void assertPixels(RgbImage image, int... expected) {
    int[] actual = new int[image.width() * image.height()];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = image.rgb(i % image.width(), i / image.width());
    }
    assertEquals(Arrays.toString(Arrays.stream(expected).mapToObj(TestImages::hex).toArray()),
        Arrays.toString(Arrays.stream(actual).mapToObj(TestImages::hex).toArray()));
  }

  /** A valid PNG signature and IHDR for a {@code width x height} RGB image, then a few bytes of pixel data. */
  private static byte[] pngClaiming(int width, int height) throws Exception {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater())) {
      z.write(new byte[64]);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.write(TestImages.pngChunk("IHDR", ihdr.array()));
    png.write(TestImages.pngChunk("IDAT", idat.toByteArray()));
    png.write(TestImages.pngChunk("IEND", new byte[0]));
    return png.toByteArray();
  }

  private static byte[] twoFrameGif(BufferedImage first, BufferedImage second) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : new BufferedImage[] {first, second}) {
        writer.writeToSequence(new IIOImage(frame, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static javax.imageio.ImageReader jdkJpegReader() {
    var readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      javax.imageio.ImageReader reader = readers.next();
      if (reader.getClass().getName().startsWith("com.sun.")) {
        return reader;
      }
    }
    throw new IllegalStateException("the JDK's JPEG reader is not registered");
  }

  private static int frameCount(byte[] gif) throws Exception {
    javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
    return reader.getNumImages(true);
  }


  @Test
  void theReadersOwnWordsGoToTheCauseNotToTheMessage() throws Exception {
    byte[] png = Files.readAllBytes(Path.of("sample-images", "chelsea.png"));
    png[png.length / 2] ^= 0x55; // inside the compressed pixels: zlib's check fails
    ImageLoadException e = assertThrows(ImageLoadException.class, () -> new ImageLoader().load(png, "flipped.png"));
    org.convlens.testing.UserMessages.assertPlain(e);
    assertTrue(e.getCause() != null && e.getCause().getMessage() != null, "the reader's words are kept for the log");
  }

}
