package org.convlens.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.convlens.pipeline.WeightsChoice;

/**
 * The app's command-line options (the CLI commands have their own): {@code --untrained [--seed N]},
 * {@code --weights FILE}, and the undocumented {@code --screenshot-tab NAME} that selects a tab at start for the
 * user guide's screenshots.
 *
 * @param weights the weights to start with; null means the saved choice or a search of the usual places
 */
public record StartOptions(WeightsChoice weights, Optional<String> screenshotTab) {
  public static final String USAGE = "usage: convlens [--untrained [--seed N] | --weights FILE]\n"
      + "       convlens COMMAND ... (summary, predict, activations, export, download)\n"
      + "Run 'convlens --help' for every option and command.";

  /** @throws IllegalArgumentException with a one-line reason for an unknown or incomplete option */
  public static StartOptions parse(String... args) {
    Path weights = null;
    boolean untrained = false;
    long seed = WeightsChoice.DEFAULT_SEED;
    String tab = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--untrained" -> untrained = true;
        case "--weights" -> weights = Path.of(value(args, ++i, a));
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, not '" + v + "'");
          }
        }
        case "--screenshot-tab" -> tab = value(args, ++i, a);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--weights and --untrained exclude each other: choose one");
    }
    WeightsChoice choice = untrained ? new WeightsChoice.Untrained(seed)
        : weights != null ? new WeightsChoice.File(weights) : null;
    return new StartOptions(choice, Optional.ofNullable(tab));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
