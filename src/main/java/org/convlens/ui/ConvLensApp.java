package org.convlens.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.convlens.ui.tasks.FxTaskRunner;

/**
 * The JavaFX application: creates the task pool and the main window, shows errors nobody caught as
 * notifications instead of dying, and on stop shuts the pool down and closes the model. Started by
 * {@link org.convlens.Main}, which does not extend Application (so a plain class path works).
 */
public final class ConvLensApp extends Application {
  private FxTaskRunner tasks;
  private MainWindow window;

  @Override
  public void start(Stage stage) {
    StartOptions options = StartOptions.parse(getParameters().getRaw().toArray(String[]::new));
    tasks = new FxTaskRunner();
    window = new MainWindow(stage, AppContext.forCurrentUser(options.weights()), tasks);
    installUncaughtExceptionHandler(window.notifications());
    window.show();
    options.screenshotTab().ifPresent(window::selectTab);
  }

  /**
   * Shows any exception that escapes a thread (an event handler, a callback, a stray thread) as an error
   * notification, and logs it; the app keeps running with what it had.
   */
  public static void installUncaughtExceptionHandler(Notifier notifier) {
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      System.err.println("Uncaught exception in " + thread.getName() + ":");
      error.printStackTrace();
      notifier.error("Unexpected error", error);
    });
  }

  @Override
  public void stop() {
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
