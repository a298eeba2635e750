package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.convlens.pipeline.AppDirs;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * At start-up the JavaFX thread is busy for seconds building the window. The model starts loading as the window is
 * made, and reading the weights and loading the model are one piece of background work, so TensorFlow's part does
 * not wait for that thread; with two pieces joined on it, nothing would load until the window was built.
 */
class ModelLoadWhileWindowBusyTest {
  private static final long HOLD_SECONDS = 90;
  @TempDir Path temp;

  @Test
  void theModelLoadsWhileTheJavaFxThreadIsStillBusy() throws Exception {
    AppContext shared = UiTestSupport.withoutWeights(temp);
    AppDirs dirs = new AppDirs(temp.resolve("config"), temp.resolve("cache")); // no SavedModel built yet
    // A returning user's start: the model remembered (here the bundled MobileNet, offline) loads at once.
    AppContext context = new AppContext(dirs, shared.locator(), shared.downloader(), new WeightsChoice.Bundled(),
        shared.views());
    FxToolkit.registerPrimaryStage();
    FxTaskRunner tasks = new FxTaskRunner();
    MainWindow[] window = new MainWindow[1];
    CompletableFuture<Boolean> builtWhileBusy = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        window[0] = new MainWindow(new Stage(), context, tasks);
        // Hold the JavaFX thread before the window is even shown, as a slow build does, until the SavedModel exists.
        builtWhileBusy.complete(waitForSavedModel(dirs.savedModels()));
        window[0].show();
      } catch (Throwable t) {
        builtWhileBusy.completeExceptionally(t);
      }
    });
    try {
      assertTrue(builtWhileBusy.get(HOLD_SECONDS + 30, TimeUnit.SECONDS),
          "no SavedModel was built in " + HOLD_SECONDS + " s while the JavaFX thread was busy");
      waitFor(120, () -> window[0].controller().viewModel().getAnalysis() != null); // and the app goes on
    } finally {
      tasks.shutdown();
      if (window[0] != null) {
        UiTestSupport.runFx(() -> {
          window[0].controller().close();
          ((Stage) window[0].tabPane().getScene().getWindow()).close();
        });
      }
      FxToolkit.cleanupStages();
    }
  }

  private static boolean waitForSavedModel(Path savedModels) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
    while (System.nanoTime() < end) {
      if (Files.isDirectory(savedModels)) {
        try (Stream<Path> files = Files.walk(savedModels, 2)) {
          if (files.anyMatch(f -> f.getFileName().toString().equals("saved_model.pb"))) {
            return true;
          }
        }
      }
      Thread.sleep(50);
    }
    return false;
  }
}
