package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine.Option;

/** The options every model command shares: which model and weights, and how much to say when something fails. */
public final class ModelOptions {
  /** The models that need no file: ResNet50V2 (its weights found or named) and the MobileNet inside the app. */
  enum Model {
    resnet50v2, mobilenet;

    /** The built-in model with this name, ignoring case; empty for anything else (then it is a file). */
    static Optional<Model> named(String name) {
      return Arrays.stream(values()).filter(m -> m.name().equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }
  }

  @Option(names = "--model", paramLabel = "NAME|FILE", defaultValue = "resnet50v2",
      description = "A built-in model: resnet50v2 (default; its ImageNet weights found, named with --weights, or "
          + "--untrained) or mobilenet (the trained ImageNet MobileNet v1 0.25 bundled with ConvLens: works "
          + "offline). Any other value is a Keras model file: a whole model (.h5 from model.save, or .keras), "
          + "or an architecture .json (model.to_json()) with its weights given by --weights.")
  String model;

  @Option(names = "--weights", paramLabel = "FILE",
      description = "Without a model file: ResNet50V2 weights (.h5, with or without the head) or a whole Keras "
          + "model (.h5). With an architecture .json: its weights (.h5 from save_weights). "
          + "Default: ResNet50V2's found in models/ or ~/.keras/models/.")
  Path weights;

  @Option(names = "--untrained",
      description = "Use seeded random ResNet50V2 weights instead of the ImageNet ones.")
  boolean untrained;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the untrained weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--input-size", paramLabel = "N", defaultValue = "224",
      description = "For a model file whose input size is open (None x None): the height and width the image is "
          + "resized to (default: ${DEFAULT-VALUE}). A model with a fixed size uses its own.")
  int inputSize;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  public WeightsChoice choice() {
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--weights and --untrained exclude each other: choose one");
    }
    Optional<Model> builtIn = Model.named(model);
    if (builtIn.isEmpty()) {
      return modelFile(Path.of(model));
    }
    if (builtIn.get() == Model.mobilenet) {
      if (weights != null || untrained) {
        throw new IllegalArgumentException("--model mobilenet is the bundled trained file: leave out "
            + (untrained ? "--untrained" : "--weights"));
      }
      return new WeightsChoice.Bundled();
    }
    if (untrained) {
      return new WeightsChoice.Untrained(seed);
    }
    return weights != null ? new WeightsChoice.File(weights) : new WeightsChoice.Find();
  }

  /** A Keras model file of the user's own, checked for what the command line can tell before reading it. */
  private WeightsChoice modelFile(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("--model " + model + ": no such file, and not a built-in model ("
          + String.join(", ", Arrays.stream(Model.values()).map(Enum::name).toList())
          + "); give one of those names or a Keras model file (.h5, .keras, or .json with --weights)");
    }
    if (untrained) {
      throw new IllegalArgumentException("--untrained gives ResNet50V2 random weights; a model file brings its "
          + "own: leave out --untrained");
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    if (json && weights == null) {
      throw new IllegalArgumentException(file + " is an architecture only (model.to_json()): give its weights "
          + "file too, --weights FILE.h5 (from save_weights)");
    }
    if (inputSize < 1 || inputSize > 4096) {
      throw new IllegalArgumentException("--input-size " + inputSize + " is not a usable image size: give a whole "
          + "number of pixels from 1 to 4096");
    }
    return new WeightsChoice.Model(file, weights, inputSize);
  }
}
