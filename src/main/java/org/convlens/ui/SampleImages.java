package org.convlens.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.convlens.files.AtomicFiles;

/**
 * The sample pictures that travel inside the app (copied by the build from {@code sample-images/}, with their
 * sources and licences in {@code SOURCES.md}), so the Samples menu is the same from any working folder. They are
 * unpacked into the cache folder when first opened, and then open like any other file.
 */
final class SampleImages {
  /** Every sample, in menu order (Ctrl+1 ... Ctrl+4); SampleImagesTest keeps it equal to sample-images/. */
  static final List<String> NAMES = List.of("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg");
  /** The picture a newcomer sees first. */
  static final String FIRST = "chelsea.png";
  private static final String RESOURCES = "samples/";

  private final Path folder;

  /** @param cacheDir the app's cache folder; the samples go into its {@code samples/} sub-folder */
  SampleImages(Path cacheDir) {
    this.folder = cacheDir.resolve("samples").toAbsolutePath().normalize();
  }

  /** Where each sample is, or will be once opened. */
  List<Path> files() {
    return NAMES.stream().map(folder::resolve).toList();
  }

  Path first() {
    return folder.resolve(FIRST);
  }

  boolean contains(Path file) {
    return folder.equals(file.getParent()) && NAMES.contains(file.getFileName().toString());
  }

  /**
   * Makes sure the sample {@code file} (one of {@link #files()}) is on disk with the app's bytes: a missing or
   * damaged copy is written again (atomically). Off the JavaFX thread: up to a megabyte.
   */
  /** A sample read from inside the app, without unpacking it (the Compare tab's second image). */
  static org.convlens.image.RgbImage read(String name) throws IOException, org.convlens.image.ImageLoadException {
    try (InputStream in = SampleImages.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("the sample image " + name + " is missing from this build of ConvLens; rebuild it "
            + "with 'mvn package'");
      }
      return new org.convlens.image.ImageLoader().load(in, name);
    }
  }

  void unpack(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = SampleImages.class.getResourceAsStream(RESOURCES + file.getFileName())) {
      if (in == null) {
        throw new IOException("the sample image " + file.getFileName() + " is missing from this build of "
            + "ConvLens; rebuild it with 'mvn package'");
      }
      bytes = in.readAllBytes();
    }
    AtomicFiles.writeIfDifferent(file, bytes);
  }
}
