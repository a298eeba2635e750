package org.convlens;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import javafx.application.Application;
import org.convlens.cli.Cli;
import org.convlens.files.UserFolders;
import org.convlens.inference.TensorFlowRuntime;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.AppDirs;
import org.convlens.ui.ConvLensApp;
import org.convlens.ui.SingleInstance;
import org.convlens.ui.StartOptions;

/**
 * The one entry point: {@code convlens COMMAND ...} runs the command line, anything else opens the app, or hands
 * its image files to the app already running for this user (before JavaFX starts, so that is quick).
 * Deliberately not a JavaFX {@code Application}: launching one directly from a plain class path fails with
 * "JavaFX runtime components are missing", while a launcher class works for {@code java -jar} and
 * {@code mvn javafx:run} alike.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Before anything logs: logback.xml writes the log file into this folder.
    if (System.getProperty(UserFolders.LOG_DIR_PROPERTY) == null) {
      System.setProperty(UserFolders.LOG_DIR_PROPERTY, UserFolders.logRoot().toString());
    }
    if (args.length > 0 && Cli.isCommand(args[0])) {
      Charset cs = Charset.defaultCharset();
      PrintWriter out = new PrintWriter(System.out, true, cs);
      PrintWriter err = new PrintWriter(System.err, true, cs);
      System.exit(Cli.run(args, out, err, AppDirs.forCurrentUser(), WeightsLocator.withDefaults()));
    }
    StartOptions options = null;
    try {
      options = StartOptions.parse(args); // fail here, with a usage line, rather than in a window
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(StartOptions.USAGE);
      System.exit(Cli.EXIT_USAGE);
    }
    if (options.onlyImages() && SingleInstance.handOver(UserFolders.configRoot(), options.images())) {
      System.exit(0); // the running window has them
    }
    TensorFlowRuntime.startInBackground(); // every window loads a model: TensorFlow starts while JavaFX does
    Application.launch(ConvLensApp.class, Arrays.copyOf(args, args.length));
  }
}
