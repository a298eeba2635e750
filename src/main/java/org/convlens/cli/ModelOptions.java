package org.convlens.cli;

import java.nio.file.Path;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine.Option;

/** The options every model command shares: which model and weights, and how much to say when something fails. */
public final class ModelOptions {
  /** The models that need no file: ResNet50V2 (its weights found or named) and the MobileNet inside the app. */
  enum Model { resnet50v2, mobilenet }

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "resnet50v2",
      description = "resnet50v2 (default; its ImageNet weights found, named with --weights, or --untrained) or "
          + "mobilenet (the trained ImageNet MobileNet v1 0.25 bundled with ConvLens: works offline).")
  Model model;

  @Option(names = "--weights", paramLabel = "FILE",
      description = "ResNet50V2 weights file (.h5, with or without the head). Default: found in models/ or ~/.keras/models/.")
  Path weights;

  @Option(names = "--untrained", description = "Use seeded random weights instead of the ImageNet ones.")
  boolean untrained;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the untrained weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  public WeightsChoice choice() {
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--weights and --untrained exclude each other: choose one");
    }
    if (model == Model.mobilenet) {
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
}
