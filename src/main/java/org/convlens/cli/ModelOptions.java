package org.convlens.cli;

import java.nio.file.Path;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine.Option;

/** The options every model command shares: which weights, and how much to say when something fails. */
public final class ModelOptions {
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
    if (untrained) {
      return new WeightsChoice.Untrained(seed);
    }
    return weights != null ? new WeightsChoice.File(weights) : new WeightsChoice.Find();
  }
}
