package org.convlens.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real files written by Keras that the tests read, all inside the project, so a fresh clone runs every test:
 * the product's bundled MobileNet in {@code models/}, and test-only files in {@code src/test/resources}
 * (their sources, hashes and licences in the README beside them). Paths are relative to the project root, where
 * Maven runs the tests.
 */
public final class TestFiles {
  private TestFiles() {}

  /** The trained ImageNet MobileNet v1 0.25 that ships with the app (a whole-model Keras 2.8 file). */
  public static Path mobileNet() {
    return existing(Path.of("models", "mobilenet_v1_0.25_224.h5"));
  }

  /** The trained SqueezeNet 1.1 without its head (a Keras 2.0 weights-only file). */
  public static Path squeezeNetNoTop() {
    return existing(Path.of("src", "test", "resources", "trained-weights",
        "squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5"));
  }

  /** One of the small real Keras files in {@code src/test/resources/keras/}. */
  public static Path keras(String name) {
    return existing(Path.of("src", "test", "resources", "keras", name));
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("test file missing from the checkout: " + file.toAbsolutePath());
    }
    return file.toAbsolutePath();
  }
}
