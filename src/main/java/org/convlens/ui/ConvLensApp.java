package org.convlens.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.convlens.files.UserFolders;
import org.convlens.ui.tasks.FxTaskRunner;

/**
 * The JavaFX application: creates the task pool and the main window, opens the images it was started with, takes
 * the images of later launches ({@link SingleInstance}), shows errors nobody caught as notifications instead of
 * dying, and on stop shuts the pool down and closes the model. Started by {@link org.convlens.Main}, which does not
 * extend Application (so a plain class path works).
 */
public final class ConvLensApp extends Application {
  private static final System.Logger LOG = System.getLogger(ConvLensApp.class.getName());
  private FxTaskRunner tasks;
  private MainWindow window;
  private SingleInstance instance;

  @Override
  public void start(Stage stage) {
    StartOptions options = StartOptions.parse(getParameters().getRaw().toArray(String[]::new));
    tasks = new FxTaskRunner();
    window = new MainWindow(stage, AppContext.forCurrentUser(options.weights()), tasks);
    installUncaughtExceptionHandler(window.notifications());
    window.show();
    options.screenshotTab().ifPresent(window::selectTab);
    openFiles(window.controller(), options.images());
    instance = listenForLaterLaunches(UserFolders.configRoot(), stage, window.controller()).orElse(null);
  }

  /**
   * Opens the images a launch asked for: the first is shown, the others go into Open recent (added before the first,
   * which joins the list once it has been analysed, so it tops the list).
   */
  static void openFiles(MainController controller, List<Path> files) {
    for (int i = files.size() - 1; i >= 1; i--) {
      String file = files.get(i).toAbsolutePath().normalize().toString();
      controller.updateSettings(s -> s.withRecentFile(file));
    }
    if (!files.isEmpty()) {
      controller.openImage(files.get(0));
    }
  }

  /** Later launches for the user of {@code configFolder} hand their images to this window, which comes to the front. */
  static Optional<SingleInstance> listenForLaterLaunches(Path configFolder, Stage stage, MainController controller) {
    try {
      return SingleInstance.listen(configFolder, files -> Platform.runLater(() -> {
        openFiles(controller, files);
        stage.setIconified(false);
        stage.toFront();
      }));
    } catch (IOException e) {
      // Not worth a notification: the app works, later launches just open windows of their own.
      LOG.log(System.Logger.Level.WARNING, "Later launches will open their own window: " + e);
      return Optional.empty();
    }
  }

  /**
   * Shows any exception that escapes a thread (an event handler, a callback, a stray thread) as an error
   * notification, and logs it; the app keeps running with what it had.
   */
  public static void installUncaughtExceptionHandler(Notifier notifier) {
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      System.err.println("Uncaught exception in " + thread.getName() + ":");
      error.printStackTrace();
      notifier.error("Could not finish the last action", error);
    });
  }

  @Override
  public void stop() {
    if (instance != null) {
      instance.close();
    }
    if (window != null) {
      window.saveBounds();
    }
    if (tasks != null) {
      tasks.shutdown();
    }
    if (window != null) {
      window.controller().close();
    }
    Platform.exit();
  }
}
