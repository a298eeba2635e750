package org.convlens.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.ResNet50V2;
import org.convlens.model.keras.KerasLayer;
import org.convlens.pipeline.AppDirs;

/**
 * Files shared by the tests of one JVM, made once: ResNet50V2 weights files in Keras's layout (with the head,
 * fixed-length strings; without it, variable-length strings) and one cache folder, so the SavedModel for these
 * weights is built once per run rather than once per test.
 */
public final class TestModels {
  public static final long SEED = 1234;
  private static Path root;
  private static Path withTop;
  private static Path withoutTop;

  private TestModels() {}

  private static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("convlens-test-models");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** Like {@code resnet50v2_weights_tf_dim_ordering_tf_kernels.h5}: random values, Keras 2.2.4 layout. */
  public static synchronized Path resnetWeights() {
    if (withTop == null) {
      withTop = root().resolve("resnet50v2_weights_tf_dim_ordering_tf_kernels.h5");
      KerasH5Writer.write(withTop, ResNet50V2Weights.layers(SEED), KerasH5Writer.Options.fixedLengthStrings());
    }
    return withTop;
  }

  /** Like the {@code _notop} file, written with variable-length strings as h5py 3 does. */
  public static synchronized Path resnetWeightsNoTop() {
    if (withoutTop == null) {
      withoutTop = root().resolve("resnet50v2_weights_tf_dim_ordering_tf_kernels_notop.h5");
      List<KerasLayer> layers = ResNet50V2Weights.layers(SEED).stream()
          .filter(l -> !l.name().equals(ResNet50V2.PREDICTIONS) && !l.name().equals("avg_pool"))
          .toList();
      KerasH5Writer.write(withoutTop, layers, KerasH5Writer.Options.variableLengthStrings());
    }
    return withoutTop;
  }

  /** Config and cache folders under the shared temporary folder. */
  public static AppDirs dirs() {
    return new AppDirs(root().resolve("config"), root().resolve("cache"));
  }

  /** A fresh folder for one test's files. */
  public static Path newFolder(String name) {
    try {
      return Files.createTempDirectory(root(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
