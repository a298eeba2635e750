package org.convlens.pipeline;

import java.nio.file.Path;

/**
 * Which model and weights the user asked for: a built-in model ({@link Application}) with its official file
 * wherever it can be found, with a file the user named, or with seeded random weights; the trained MobileNet that
 * ships with the app; or a Keras model file of the user's own.
 */
public sealed interface WeightsChoice {
  /**
   * A file the user named for a built-in model (weights only, with or without the head, or a whole model, which
   * brings its own architecture); missing or unreadable is an error, never a silent fallback.
   */
  record File(Path path, Application application) implements WeightsChoice {
    /** A file for the default model, ResNet50V2. */
    public File(Path path) {
      this(path, Applications.DEFAULT);
    }
  }

  /** A built-in model's official file, looked for in the usual places (always there for the bundled one). */
  record Find(Application application) implements WeightsChoice {
    /** ResNet50V2's official file. */
    public Find() {
      this(Applications.DEFAULT);
    }
  }

  /** A built-in model with random weights (for comparing trained with untrained filters, or without the file). */
  record Untrained(Application application, long seed) implements WeightsChoice {
    /** ResNet50V2 with random weights. */
    public Untrained(long seed) {
      this(Applications.DEFAULT, seed);
    }
  }

  /** The trained ImageNet MobileNet inside the app ({@link BundledModel}): works offline. */
  record Bundled() implements WeightsChoice {
    @Override
    public Application application() {
      return Applications.MOBILENET;
    }
  }

  /**
   * A Keras model of the user's own: a whole model ({@code .h5} or {@code .keras}, {@code weights} null), or an
   * architecture {@code .json} ({@code model.to_json()}) with its weights {@code .h5} ({@code save_weights}); or a
   * TensorFlow SavedModel folder ({@code file} a folder with {@code saved_model.pb}, {@code weights} null).
   *
   * @param imageSize height and width of the input when the file leaves them open ({@code None})
   */
  record Model(Path file, Path weights, int imageSize) implements WeightsChoice {
    /** With the default size for an open input, 224. */
    public Model(Path file, Path weights) {
      this(file, weights, org.convlens.model.keras.KerasArchitecture.DEFAULT_IMAGE_SIZE);
    }

    @Override
    public Application application() {
      return null;
    }
  }

  /** The built-in model chosen; null for a model file of the user's own. */
  Application application();

  long DEFAULT_SEED = 42;
}
