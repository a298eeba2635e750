package org.convlens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;

/**
 * The app's command-line options (the CLI commands have their own): {@code --untrained [--seed N]},
 * {@code --weights FILE}, {@code --model NAME} (a built-in model, as the model switcher; with {@code --untrained}
 * or {@code --weights FILE} as for ResNet50V2), {@code --model FILE} (a Keras model, as File > Open model...; an
 * architecture {@code .json} takes its weights with {@code --weights}), the undocumented {@code --screenshot-tab NAME} that selects a tab at start for the
 * user guide's screenshots, and image files to open (what the desktop passes when the user opens images with
 * ConvLens).
 *
 * @param weights the weights to start with; null means the saved choice or a search of the usual places
 * @param images images to open, in order: the first is shown, the others go into Open recent
 */
public record StartOptions(WeightsChoice weights, Optional<String> screenshotTab, List<Path> images) {
  public static final String USAGE = "usage: convlens [--model NAME] [--untrained [--seed N] | --weights FILE] "
      + "[IMAGE...]\n"
      + "       convlens --model FILE [--weights FILE] [IMAGE...]\n"
      + "       convlens COMMAND ... (summary, predict, activations, export, download)\n"
      + "Run 'convlens --help' for every option and command.";

  /** @throws IllegalArgumentException with a one-line reason for an unknown or incomplete option */
  public static StartOptions parse(String... args) {
    Path weights = null;
    String model = null;
    boolean untrained = false;
    long seed = WeightsChoice.DEFAULT_SEED;
    String tab = null;
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--untrained" -> untrained = true;
        case "--weights" -> weights = Path.of(value(args, ++i, a));
        case "--model" -> model = value(args, ++i, a);
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
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--untrained excludes --weights: choose one");
    }
    Optional<Application> builtIn = model == null ? Optional.empty() : Applications.named(model);
    if (model != null && builtIn.isEmpty()) {
      return new StartOptions(modelFile(Path.of(model), weights, untrained), Optional.ofNullable(tab),
          List.copyOf(images));
    }
    Application app = builtIn.orElse(Applications.DEFAULT);
    if (app.bundled() && weights != null) {
      throw new IllegalArgumentException("--model " + app.id() + " is the bundled trained file: leave out --weights");
    }
    WeightsChoice choice = untrained ? new WeightsChoice.Untrained(app, seed)
        : weights != null ? new WeightsChoice.File(weights, app)
        : builtIn.isEmpty() ? null
        : app.bundled() ? new WeightsChoice.Bundled() : new WeightsChoice.Find(app);
    return new StartOptions(choice, Optional.ofNullable(tab), List.copyOf(images));
  }

  /** A Keras model file of the user's own, with its weights file when it is an architecture .json. */
  private static WeightsChoice modelFile(Path model, Path weights, boolean untrained) {
    if (untrained) {
      throw new IllegalArgumentException("--untrained goes with a built-in model (" + Applications.ids()
          + "), not a model file, which brings its own weights");
    }
    if ((weights != null) != WeightsController.isArchitectureFile(model)) {
      throw new IllegalArgumentException(weights != null
          ? "--weights goes with --model only for an architecture .json; " + model + " holds its own weights"
          : "--model " + model + " is an architecture .json: give its weights file with --weights");
    }
    return new WeightsChoice.Model(model, weights);
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
