package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine.Option;

/** The options every model command shares: which model and weights, and how much to say when something fails. */
public final class ModelOptions {
  /** The built-in models' names, for the help text ({@code ${COMPLETION-CANDIDATES}}). */
  static final class BuiltInNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Applications.all().stream().map(Application::id).iterator();
    }
  }

  @Option(names = "--model", paramLabel = "NAME|FILE|DIR", defaultValue = "resnet50v2",
      completionCandidates = BuiltInNames.class,
      description = "A built-in model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Each uses its "
          + "ImageNet weights, found in models/ or ~/.keras/models/ (convlens download --model NAME fetches them), "
          + "named with --weights, or --untrained; mobilenet is the trained MobileNet v1 0.25 bundled with "
          + "ConvLens and works offline. Any other value is a Keras model file: a whole model (.h5 from "
          + "model.save, or .keras), or an architecture .json (model.to_json()) with its weights given by "
          + "--weights. A folder is a TensorFlow SavedModel (saved_model.pb and variables/), run as it is: its "
          + "serving signature's rank-4 outputs are its feature maps.")
  String model;

  @Option(names = "--weights", paramLabel = "FILE",
      description = "With a built-in model: its weights (.h5, with or without the head) or a whole Keras model "
          + "(.h5). With an architecture .json: its weights (.h5 from save_weights). "
          + "Default: the built-in model's official file found in models/ or ~/.keras/models/.")
  Path weights;

  @Option(names = "--untrained",
      description = "Use seeded random weights for the built-in model instead of the ImageNet ones.")
  boolean untrained;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the untrained weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--input-size", paramLabel = "N", defaultValue = "224",
      description = "For a model file or SavedModel whose input size is open (None x None): the height and width "
          + "the image is resized to (default: ${DEFAULT-VALUE}). A model with a fixed size uses its own.")
  int inputSize;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  public WeightsChoice choice() {
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--weights and --untrained exclude each other: choose one");
    }
    Optional<Application> builtIn = Applications.named(model);
    if (builtIn.isEmpty()) {
      return modelFile(Path.of(model));
    }
    Application app = builtIn.get();
    if (untrained) {
      return new WeightsChoice.Untrained(app, seed);
    }
    if (app.bundled()) {
      if (weights != null) {
        throw new IllegalArgumentException("--model " + app.id() + " is the bundled trained file: leave out "
            + "--weights");
      }
      return new WeightsChoice.Bundled();
    }
    return weights != null ? new WeightsChoice.File(weights, app) : new WeightsChoice.Find(app);
  }

  /**
   * A Keras model file or TensorFlow SavedModel folder of the user's own, checked for what the command line can tell
   * before reading it.
   */
  private WeightsChoice modelFile(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("--model " + model + ": no such file or folder, and not a built-in model ("
          + Applications.ids() + "); give one of those names, a Keras model file (.h5, .keras, or .json with "
          + "--weights) or a TensorFlow SavedModel folder");
    }
    if (untrained) {
      throw new IllegalArgumentException("--untrained gives a built-in model (" + Applications.ids() + ") random "
          + "weights; a model file brings its own: leave out --untrained");
    }
    if (Files.isDirectory(file) && weights != null) {
      throw new IllegalArgumentException(file + " is a folder, read as a TensorFlow SavedModel, which holds its own "
          + "weights (variables/): leave out --weights");
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
