package org.convlens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convlens.pipeline.WeightsChoice;

/**
 * The app's command-line options (the CLI commands have their own): {@code --untrained [--seed N]},
 * {@code --weights FILE}, {@code --model FILE} (a Keras model, as File > Open model...; an architecture
 * {@code .json} takes its weights with {@code --weights}), the undocumented {@code --screenshot-tab NAME} that selects a tab at start for the
 * user guide's screenshots, and image files to open (what the desktop passes when the user opens images with
 * ConvLens).
 *
 * @param weights the weights to start with; null means the saved choice or a search of the usual places
 * @param images images to open, in order: the first is shown, the others go into Open recent
 */
public record StartOptions(WeightsChoice weights, Optional<String> screenshotTab, List<Path> images) {
  public static final String USAGE = "usage: convlens [--untrained [--seed N] | --weights FILE | --model FILE [--weights FILE]] [IMAGE...]\n"
      + "       convlens COMMAND ... (summary, predict, activations, export, download)\n"
      + "Run 'convlens --help' for every option and command.";

  /** @throws IllegalArgumentException with a one-line reason for an unknown or incomplete option */
  public static StartOptions parse(String... args) {
    Path weights = null;
    Path model = null;
    boolean untrained = false;
    long seed = WeightsChoice.DEFAULT_SEED;
    String tab = null;
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--untrained" -> untrained = true;
        case "--weights" -> weights = Path.of(value(args, ++i, a));
        case "--model" -> model = Path.of(value(args, ++i, a));
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, not '" + v + "'");
          }
        }
        case "--screenshot-tab" -> tab = value(args, ++i, a);
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option '" + a + "'");
          }
          images.add(Path.of(a));
        }
      }
    }
    if (untrained && (weights != null || model != null)) {
      throw new IllegalArgumentException("--untrained excludes --weights and --model: choose one");
    }
    if (model != null && (weights != null) != WeightsController.isArchitectureFile(model)) {
      throw new IllegalArgumentException(weights != null
          ? "--weights goes with --model only for an architecture .json; " + model + " holds its own weights"
          : "--model " + model + " is an architecture .json: give its weights file with --weights");
    }
    WeightsChoice choice = untrained ? new WeightsChoice.Untrained(seed)
        : model != null ? new WeightsChoice.Model(model, weights)
        : weights != null ? new WeightsChoice.File(weights) : null;
    return new StartOptions(choice, Optional.ofNullable(tab), List.copyOf(images));
  }

  /**
   * Whether this launch asks only for images (or nothing), so an app already running can take them; a launch with
   * its own weights or tab asks for a window of its own.
   */
  public boolean onlyImages() {
    return weights == null && screenshotTab.isEmpty();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
