package org.convlens.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.AppDirs;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line: {@code summary}, {@code predict}, {@code activations}, {@code export},
 * {@code download}, {@code gradcam}, {@code maximize}. Errors are
 * one line on stderr and a non-zero exit; {@code --verbose} adds the stack trace.
 */
@Command(name = "convlens", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Shows what a convolutional network sees. Without a command, opens the app.",
    customSynopsis = {"convlens [--untrained [--seed N] | --weights FILE] [--model NAME|FILE|DIR]",
        "                [IMAGE...]                                  (opens the app)",
        "       convlens COMMAND [OPTIONS]                           (no window)"},
    subcommands = {SummaryCommand.class, PredictCommand.class, ActivationsCommand.class, ExportCommand.class,
        DownloadCommand.class, GradCamCommand.class, MaximizeCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Cli {
  private static final System.Logger LOG = System.getLogger(Cli.class.getName());
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  /**
   * The options of the app itself (no command), as rows of option and meaning. The launcher parses them
   * (ui.StartOptions); they are listed here so that {@code convlens --help} shows them at the top level too.
   */
  public static final List<String[]> APP_OPTIONS = List.of(
      new String[] {"--untrained", "Start with seeded random weights, not ImageNet's."},
      new String[] {"--seed N", "Seed of the untrained weights (default: " + WeightsChoice.DEFAULT_SEED + ")."},
      new String[] {"--weights FILE", "Start with this Keras weights or model file (.h5)."},
      new String[] {"--model NAME", "Start with this built-in model (" + Applications.ids() + ")."},
      new String[] {"--model FILE", "Start with this Keras model (.keras, .h5, or .json with --weights FILE)."},
      new String[] {"--model DIR", "Start with this TensorFlow SavedModel folder (saved_model.pb and variables/)."},
      new String[] {"IMAGE...", "Open these images (the first shown, the rest in Open recent)."});

  private static final String APP_OPTIONS_SECTION = "appOptions";

  private Cli() {}

  /**
   * Whether {@code arg} names a command (or asks for help or the version), so the launcher can tell a command
   * from app options. The names come from the subcommands registered above: one list, not two.
   */
  public static boolean isCommand(String arg) {
    if (List.of("--help", "-h", "--version", "-V").contains(arg)) {
      return true;
    }
    for (Class<?> command : Cli.class.getAnnotation(Command.class).subcommands()) {
      if (command.getAnnotation(Command.class).name().equals(arg)) {
        return true;
      }
    }
    return false;
  }

  /** Runs one command line and returns its exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, AppDirs dirs, WeightsLocator locator) {
    return run(args, out, err, dirs, locator, DownloadSettings.fromSystemProperties());
  }

  /** As above, downloading with the given settings (tests point them at a local server). */
  public static int run(String[] args, PrintWriter out, PrintWriter err, AppDirs dirs, WeightsLocator locator,
      DownloadSettings downloads) {
    CliContext context = new CliContext(out, err, dirs, locator, downloads);
    CommandLine cli = new CommandLine(new Cli(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == SummaryCommand.class) {
          return type.cast(new SummaryCommand(context));
        } else if (type == PredictCommand.class) {
          return type.cast(new PredictCommand(context));
        } else if (type == ActivationsCommand.class) {
          return type.cast(new ActivationsCommand(context));
        } else if (type == ExportCommand.class) {
          return type.cast(new ExportCommand(context));
        } else if (type == DownloadCommand.class) {
          return type.cast(new DownloadCommand(context));
        } else if (type == GradCamCommand.class) {
          return type.cast(new GradCamCommand(context));
        } else if (type == MaximizeCommand.class) {
          return type.cast(new MaximizeCommand(context));
        } else if (type == BenchCommand.class) {
          return type.cast(new BenchCommand(context));
        }
        return CommandLine.defaultFactory().create(type);
      }
    });
    cli.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
    showAppOptions(cli);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      LOG.log(System.Logger.Level.ERROR, "convlens " + String.join(" ", args), e); // the whole story, in the log
      err.println("error: " + ErrorMessages.describe(ErrorMessages.doing(commandLine.getCommandName()), e));
      if (commandLine.getParseResult().hasMatchedOption("--verbose")) {
        e.printStackTrace(err);
      }
      return EXIT_ERROR;
    });
    cli.setParameterExceptionHandler((e, argv) -> {
      err.println("error: " + e.getMessage());
      err.println("Run 'convlens " + (e.getCommandLine().getCommandName().equals("convlens") ? "" :
          e.getCommandLine().getCommandName() + " ") + "--help' for usage.");
      return EXIT_USAGE;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Adds the app's own options to the top-level help, before the command's options. */
  private static void showAppOptions(CommandLine cli) {
    cli.getHelpSectionMap().put(APP_OPTIONS_SECTION, help -> {
      StringBuilder sb = new StringBuilder("Options of the app (without a command):%n");
      for (String[] row : APP_OPTIONS) {
        sb.append(String.format("      %-18s %s%n", row[0], row[1]));
      }
      return sb.append("Options:%n").toString().replace("%n", System.lineSeparator());
    });
    List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST), APP_OPTIONS_SECTION);
    cli.setHelpSectionKeys(keys);
  }
}
