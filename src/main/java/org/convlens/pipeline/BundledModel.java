package org.convlens.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convlens.files.AtomicFiles;
import org.convlens.model.LayerGraph;
import org.convlens.model.keras.KerasModel;

/**
 * The trained ImageNet MobileNet v1 (alpha 0.25, 2 MB, Apache-2.0) that ships inside the app, so a start without
 * ResNet50V2's weights (offline, behind a proxy) still shows what a trained network sees. Its one source of truth
 * is {@code models/mobilenet_v1_0.25_224.h5}; the build copies it into the jar.
 */
public final class BundledModel {
  public static final String FILE_NAME = "mobilenet_v1_0.25_224.h5";
  /** How the app and exports name it. */
  public static final String NAME = "MobileNet";
  /** The model's name inside the file, as Keras named it. */
  public static final String KERAS_NAME = "mobilenet_0.25_224";
  /** One line for banners and help: what it is and why it is there. */
  public static final String DESCRIPTION = "the bundled MobileNet (trained on ImageNet, 2 MB)";
  static final String RESOURCE = "/org/convlens/model/bundled/" + FILE_NAME;

  private BundledModel() {}

  /** The model's bytes as they travel inside the app. */
  public static byte[] bytes() throws IOException {
    try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("the bundled MobileNet (" + FILE_NAME + ") is missing from this build of ConvLens; "
            + "rebuild it with 'mvn package', or name a weights file");
      }
      return in.readAllBytes();
    }
  }

  /**
   * The bundled file's own architecture, read from the copy inside the app: what "untrained MobileNet" runs with
   * random weights. The file has its head, and without it ({@code includeTop} false) would be another file, so
   * the graph always has it.
   */
  public static LayerGraph graph(boolean includeTop) {
    try {
      Path file = Files.createTempFile("convlens-mobilenet-", ".h5");
      try {
        Files.write(file, bytes());
        return KerasModel.read(file, null).graph();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the model out of the app into {@code cacheDir} (an HDF5 reader needs a file), unless an identical copy
   * is already there: 2 MB compared in a few milliseconds, so a damaged copy is replaced, never trusted.
   */
  public static Path unpack(Path cacheDir) throws IOException {
    byte[] bytes = bytes();
    Path file = cacheDir.resolve("bundled").resolve(FILE_NAME);
    AtomicFiles.writeIfDifferent(file, bytes);
    return file;
  }
}
