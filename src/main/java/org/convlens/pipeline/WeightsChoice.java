package org.convlens.pipeline;

import java.nio.file.Path;

/**
 * Which weights the user asked for: a file, ResNet50V2's official file wherever it can be found, seeded random
 * ones, or the trained MobileNet that ships with the app.
 */
public sealed interface WeightsChoice {
  /** A file the user named; missing or unreadable is an error, never a silent fallback. */
  record File(Path path) implements WeightsChoice {}

  /** The official ResNet50V2 file, looked for in the usual places. */
  record Find() implements WeightsChoice {}

  /** Random weights (for comparing trained with untrained filters, or without the file). */
  record Untrained(long seed) implements WeightsChoice {}

  /** The trained ImageNet MobileNet inside the app ({@link BundledModel}): works offline. */
  record Bundled() implements WeightsChoice {}

  /**
   * A Keras model of the user's own: a whole model ({@code .h5} or {@code .keras}, {@code weights} null), or an
   * architecture {@code .json} ({@code model.to_json()}) with its weights {@code .h5} ({@code save_weights}).
   *
   * @param imageSize height and width of the input when the file leaves them open ({@code None})
   */
  record Model(Path file, Path weights, int imageSize) implements WeightsChoice {
    /** With the default size for an open input, 224. */
    public Model(Path file, Path weights) {
      this(file, weights, org.convlens.model.keras.KerasArchitecture.DEFAULT_IMAGE_SIZE);
    }
  }

  long DEFAULT_SEED = 42;
}
