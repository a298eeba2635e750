package org.convlens.model.keras;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The parts of a {@code .keras} archive (a zip: {@code config.json}, {@code metadata.json},
 * {@code model.weights.h5}), checked before anything is inflated: no entry may point outside the archive
 * ({@code ..}, an absolute name), be listed twice, or make the archive claim more than 2 GB or 100 times its own
 * size (a zip bomb). The JSON parts are read into memory; the weights go to a file of a fixed name in a folder the
 * caller owns, so no name taken from the archive ever becomes a path.
 *
 * @param config the model config ({@code config.json})
 * @param kerasVersion {@code keras_version} from {@code metadata.json}, or null
 * @param weights the extracted {@code model.weights.h5}
 */
record KerasArchive(String config, String kerasVersion, Path weights) {
  static final long MAX_TOTAL = 2L << 30;
  static final long MAX_RATIO = 100;
  private static final long MAX_JSON = 64L << 20;
  private static final String WEIGHTS = "model.weights.h5";

  /**
   * @param folder a private, empty folder the caller deletes afterwards
   * @throws KerasFormatException with one sentence naming the problem
   */
  static KerasArchive extract(Path file, Path folder) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      check(file, zip);
      ZipEntry config = zip.getEntry("config.json");
      if (config == null) {
        throw new KerasFormatException(file, "the archive has no config.json, so it is not a Keras 3 model "
            + "(.keras); save the model with model.save(\"model.keras\")");
      }
      ZipEntry weights = zip.getEntry(WEIGHTS);
      if (weights == null) {
        throw new KerasFormatException(file, zip.getEntry("model.weights.npz") != null
            ? "the archive keeps its weights as model.weights.npz, which ConvLens does not read; save the model "
                + "with the default weights format"
            : "the archive has no model.weights.h5, so it holds no weights; save the whole model with "
                + "model.save(\"model.keras\")");
      }
      ZipEntry metadata = zip.getEntry("metadata.json");
      String version = metadata == null ? null : version(text(file, zip, metadata));
      Path out = folder.resolve(WEIGHTS);
      copy(file, zip, weights, out);
      return new KerasArchive(text(file, zip, config), version, out);
    } catch (ZipException e) {
      throw new KerasFormatException(file, "the zip archive is damaged; save or copy "
          + "the model again", e);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read; check that you may read it", e);
    }
  }

  /** Every entry's name and declared size, before inflating any. */
  private static void check(Path file, ZipFile zip) throws IOException {
    Set<String> names = new HashSet<>();
    long total = 0;
    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
      ZipEntry e = entries.nextElement();
      String name = e.getName();
      if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
        throw new KerasFormatException(file, "the archive has an entry with an absolute name ('" + name + "'), "
            + "which no Keras file has; it is refused");
      }
      for (String part : name.split("[/\\\\]")) {
        if (part.equals("..")) {
          throw new KerasFormatException(file, "the archive has an entry that points outside it ('" + name
              + "'), which no Keras file has; it is refused");
        }
      }
      if (!names.add(name)) {
        throw new KerasFormatException(file, "the archive lists '" + name + "' twice, so it is ambiguous which "
            + "one is meant; it is refused");
      }
      if (e.getSize() < 0) {
        throw new KerasFormatException(file, "the archive does not declare the size of '" + name + "'; it is "
            + "refused");
      }
      total += e.getSize();
    }
    long size = Files.size(file);
    if (total > MAX_TOTAL || total > MAX_RATIO * size) {
      throw new KerasFormatException(file, "the archive claims " + total + " bytes once unpacked, "
          + (total > MAX_TOTAL ? "more than 2 GB" : "over " + MAX_RATIO + " times its own " + size + " bytes")
          + " (a zip bomb?); it is refused");
    }
  }

  private static String text(Path file, ZipFile zip, ZipEntry entry) throws IOException {
    if (entry.getSize() > MAX_JSON) {
      throw new KerasFormatException(file, entry.getName() + " claims " + entry.getSize() + " bytes, too many "
          + "for a model config; it is refused");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes((int) entry.getSize() + 1);
      if (bytes.length > entry.getSize()) {
        throw lies(file, entry);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Copies at most the declared size: an entry that inflates to more is refused. */
  private static void copy(Path file, ZipFile zip, ZipEntry entry, Path out) throws IOException {
    long left = entry.getSize();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = zip.getInputStream(entry);
        OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
      for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, left + 1))) > 0; ) {
        if (n > left) {
          throw lies(file, entry);
        }
        o.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static KerasFormatException lies(Path file, ZipEntry entry) {
    return new KerasFormatException(file, entry.getName() + " unpacks to more than the " + entry.getSize()
        + " bytes the archive declares; it is refused");
  }

  private static String version(String metadata) {
    try {
      var v = com.google.gson.JsonParser.parseString(metadata).getAsJsonObject().get("keras_version");
      return v == null || !v.isJsonPrimitive() ? null : v.getAsString();
    } catch (RuntimeException e) {
      return null; // the version only refines hard_sigmoid; a damaged metadata.json is not worth refusing
    }
  }
}
