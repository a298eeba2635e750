package org.convlens.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.convlens.image.ImageLoadException.Reason;

/**
 * Loads an image file as upright 8-bit RGB pixels, or says in one line why it cannot.
 *
 * <p>PNG, JPEG (including the CMYK and YCCK JPEGs that the JDK alone rejects, through TwelveMonkeys), BMP and
 * GIF (its first frame) are read; gray, palette and 16-bit images come out as 8-bit RGB, transparency is
 * composited on white, and the EXIF orientation is applied. The size in the header is checked against the
 * {@link ImageLimits} before decoding, so a file that claims a gigantic image is refused at once. Other
 * formats that ImageIO might guess at (WBMP will claim almost any bytes) are refused rather than misread; WebP,
 * TIFF, HEIC and AVIF are recognised by their first bytes so the refusal can name them.
 *
 * <p>Two deliberate differences from Keras's {@code load_img} (Pillow's {@code convert("RGB")}): Pillow drops
 * the alpha channel, showing whatever colour hides under transparent pixels, where this loader composites on
 * white; and Pillow clips 16-bit samples at 255, where this loader scales them to 8 bits. For opaque 8-bit
 * images the pixels are the same.
 *
 * <p>Immutable and thread-safe: one loader can serve the whole application.
 */
public final class ImageLoader {

  /** The formats offered to users, as ImageIO names them. */
  private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");
  private static final String FORMAT_LIST = "PNG, JPEG, BMP or GIF";

  private final ImageLimits limits;

  /** A loader with the {@link ImageLimits#DEFAULT default limits}. */
  public ImageLoader() {
    this(ImageLimits.DEFAULT);
  }

  public ImageLoader(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    ensureCmykCapableJpegReader();
  }

  public ImageLimits limits() {
    return limits;
  }

  /** The supported formats in words, for file choosers and help texts. */
  public static List<String> supportedFormats() {
    return List.of("PNG", "JPEG", "BMP", "GIF");
  }

  /** Loads the image file at {@code file}. */
  public RgbImage load(Path file) throws ImageLoadException {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (!Files.exists(file)) {
      throw new ImageLoadException(Reason.NOT_FOUND,
          name + " was not found (looked in " + folderOf(file) + "): check the file name and folder.");
    }
    if (Files.isDirectory(file)) {
      throw new ImageLoadException(Reason.UNREADABLE, name + " is a folder, not an image file: choose a file.");
    }
    if (!Files.isReadable(file)) {
      throw new ImageLoadException(Reason.UNREADABLE,
          name + " cannot be read (permission denied): check the file's permissions.");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    if (size == 0) {
      throw empty(name);
    }
    RgbImage pixels;
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      pixels = decode(in, name);
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    return ExifOrientation.apply(pixels, ExifOrientation.read(file));
  }

  /** Loads an image held in memory; {@code name} is what messages call it (a file name, say). */
  public RgbImage load(byte[] bytes, String name) throws ImageLoadException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(name, "name");
    if (bytes.length == 0) {
      throw empty(name);
    }
    RgbImage pixels;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      pixels = decode(in, name);
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    return ExifOrientation.apply(pixels, ExifOrientation.read(bytes));
  }

  /** Reads {@code in} to its end (without closing it) and loads the image it holds. */
  public RgbImage load(InputStream in, String name) throws ImageLoadException {
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw unreadable(name, e);
    }
    return load(bytes, name);
  }

  /** The class of the reader that would decode these bytes, or null: lets tests see which plugin is used. */
  String readerClassFor(byte[] bytes) throws IOException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = pickReader(in);
      if (reader == null) {
        return null;
      }
      reader.dispose();
      return reader.getClass().getName();
    }
  }

  private RgbImage decode(ImageInputStream in, String name) throws IOException, ImageLoadException {
    ImageReader reader = pickReader(in);
    if (reader == null) {
      String known = knownUnsupportedFormat(header(in));
      if (known != null) {
        throw new ImageLoadException(Reason.UNSUPPORTED_FORMAT, name + " is a " + known
            + " image: " + known + " is not supported (ConvLens reads " + FORMAT_LIST
            + "); save it as PNG or JPEG and open that.");
      }
      throw new ImageLoadException(Reason.UNSUPPORTED_FORMAT, name
          + " is not an image in a recognised format (supported: " + FORMAT_LIST
          + "): open one of those, or convert the file first.");
    }
    DamageWatch damage = new DamageWatch();
    try {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(damage);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (!limits.allows(width, height)) {
        throw new ImageLoadException(Reason.TOO_LARGE, name + " is " + width + "x" + height + " pixels ("
            + ImageLimits.megapixels((long) width * height) + " megapixels), more than the limit of "
            + limits.describe() + ": scale it down in an image editor first.");
      }
      if (JpegSamples.isProfiledYCbCr(reader.getImageMetadata(0))) {
        Raster samples = reader.readRaster(0, null);
        damage.check();
        return JpegSamples.toRgb(samples);
      }
      BufferedImage image = reader.read(0);
      damage.check();
      return RgbConversion.toRgb(image);
    } catch (ImageLoadException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new ImageLoadException(Reason.TOO_LARGE, name
          + " is too large for the memory available: scale it down, or give Java more memory (-Xmx).");
    } catch (IOException | RuntimeException e) {
      // Readers report corrupt data as IIOException, EOFException or, in places, as unchecked exceptions.
      throw damaged(name, e);
    } finally {
      reader.dispose();
    }
  }

  /** The first reader that claims the data and is one of ours, preferring TwelveMonkeys for JPEG. */
  private static ImageReader pickReader(ImageInputStream in) {
    List<ImageReader> candidates = new ArrayList<>();
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (isOfferedFormat(reader.getOriginatingProvider())) {
        candidates.add(reader);
      }
    }
    ImageReader chosen = candidates.stream()
        .filter(r -> r.getClass().getName().startsWith("com.twelvemonkeys."))
        .findFirst()
        .orElse(candidates.isEmpty() ? null : candidates.get(0));
    candidates.stream().filter(r -> r != chosen).forEach(ImageReader::dispose);
    return chosen;
  }

  /** The first bytes of {@code in}, which is left where it was. */
  private static byte[] header(ImageInputStream in) throws IOException {
    byte[] head = new byte[16];
    in.mark();
    int n = in.read(head);
    in.reset();
    return Arrays.copyOf(head, Math.max(n, 0));
  }

  /**
   * The name of a common image format that is recognisable by its first bytes but not read here (WebP, TIFF,
   * HEIC, AVIF), or null: users deserve "WebP is not supported" rather than "not an image".
   */
  static String knownUnsupportedFormat(byte[] head) {
    if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP")) {
      return "WebP";
    }
    if (startsWith(head, 0, "II*\0") || startsWith(head, 0, "MM\0*")) {
      return "TIFF";
    }
    if (startsWith(head, 4, "ftyp") && head.length >= 12) {
      String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
      return switch (brand) {
        case "avif", "avis" -> "AVIF";
        case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" -> "HEIC";
        default -> null;
      };
    }
    return null;
  }

  private static boolean startsWith(byte[] data, int offset, String ascii) {
    if (data.length < offset + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (data[offset + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isOfferedFormat(ImageReaderSpi spi) {
    if (spi == null) {
      return false;
    }
    for (String format : spi.getFormatNames()) {
      if (FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * ImageIO finds TwelveMonkeys by scanning the class path when it first starts, through the context class
   * loader of whichever thread gets there first; a thread without one would miss it and CMYK JPEGs would
   * fail. Registering it by hand when it is missing makes the choice independent of that accident.
   */
  private static void ensureCmykCapableJpegReader() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    if (registry.getServiceProviderByClass(JPEGImageReaderSpi.class) == null) {
      registry.registerServiceProvider(new JPEGImageReaderSpi(), ImageReaderSpi.class);
    }
  }

  private static ImageLoadException empty(String name) {
    return new ImageLoadException(Reason.EMPTY,
        name + " is empty (0 bytes): it was probably not saved or copied completely; choose another file.");
  }

  // The reader's own words ("Error reading PNG image data: incorrect data check") stay in the cause, for the log.
  private static ImageLoadException unreadable(String name, IOException e) {
    return new ImageLoadException(Reason.UNREADABLE,
        name + " could not be read: check that the file is still there and readable.", e);
  }

  private static ImageLoadException damaged(String name, Throwable cause) {
    return new ImageLoadException(Reason.DAMAGED, name + " looks truncated or damaged: download or export it "
        + "again.", cause);
  }

  private static String folderOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? "/" : parent.toString();
  }

  /**
   * Decoders of JPEG fill a missing end with gray and only warn; those warnings mean the file was cut short,
   * and a half-gray picture would be analysed as if it were real. Other warnings (stray bytes between markers,
   * common in camera files) are harmless and let through.
   */
  private static final class DamageWatch implements javax.imageio.event.IIOReadWarningListener {
    private String fatal;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
      if (fatal == null && (w.contains("truncat") || w.contains("premature end") || w.contains("missing eoi"))) {
        fatal = warning.strip();
      }
    }

    void check() throws IOException {
      if (fatal != null) {
        throw new java.io.EOFException(fatal);
      }
    }
  }
}
