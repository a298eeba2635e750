package org.convlens.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.AppDirs;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.tasks.FxTaskRunner;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the UI tests share: one cache folder per test run (the untrained model's SavedModel is built once, then
 * reused by every window) and contexts over temporary config folders, so no test touches the user's settings.
 */
final class UiTestSupport {
  static final Path SAMPLES = Path.of("sample-images").toAbsolutePath();
  private static Path sharedCache;

  private UiTestSupport() {}

  static synchronized Path sharedCache() {
    if (sharedCache == null) {
      try {
        sharedCache = Files.createTempDirectory("convlens-ui-cache");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sharedCache;
  }

  /** A context with its own config folder, the shared cache, and the given weights search and choice. */
  static AppContext context(Path config, WeightsLocator locator, WeightsChoice choice) {
    WeightsDownloader downloader = new WeightsDownloader(DownloadSettings.fromSystemProperties()
        .withCacheDir(config.resolve("downloads"))
        .withBaseUrls(List.of(java.net.URI.create("http://127.0.0.1:9/"))));
    return new AppContext(new AppDirs(config, sharedCache()), locator, downloader, choice,
        StandardViews::create);
  }

  /**
   * A context in {@code temp}'s "config" folder whose weights search finds nothing and which has no weights choice
   * of its own: the app starts as a first-time user's would, or as its saved settings say.
   */
  static AppContext withoutWeights(Path temp) throws IOException {
    Path nowhere = Files.createDirectories(temp.resolve("no-weights"));
    return context(temp.resolve("config"), new WeightsLocator(List.of(nowhere)), null);
  }

  static AppContext untrained(Path config) {
    return context(config, new WeightsLocator(List.of(config.resolve("no-weights"))),
        new WeightsChoice.Untrained(WeightsChoice.DEFAULT_SEED));
  }

  /** Waits for {@code condition}, evaluated on the JavaFX thread. */
  static void waitFor(int seconds, Callable<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
  }

  /** Runs {@code call} on the JavaFX thread and returns its result. */
  static <T> T onFx(Callable<T> call) throws Exception {
    if (Platform.isFxApplicationThread()) {
      return call.call();
    }
    return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
  }

  static void runFx(Runnable r) throws Exception {
    onFx(() -> {
      r.run();
      return null;
    });
  }

  /** Shows a main window over {@code context}, with a task pool of its own as the app has. */
  static Shown show(AppContext context) throws Exception {
    FxToolkit.registerPrimaryStage();
    FxTaskRunner tasks = new FxTaskRunner();
    MainWindow[] window = new MainWindow[1];
    FxToolkit.setupFixture(() -> {
      window[0] = new MainWindow(new Stage(), context, tasks);
      window[0].show();
    });
    return new Shown(window[0], tasks);
  }

  /** A window {@link #show} opened; closing it is the first half of a restart. */
  record Shown(MainWindow window, FxTaskRunner tasks) implements AutoCloseable {
    /** Stops the task pool, closes the model and the window. */
    @Override
    public void close() throws Exception {
      tasks.shutdown();
      runFx(() -> {
        window.controller().close();
        ((Stage) window.tabPane().getScene().getWindow()).close();
      });
    }
  }

}
