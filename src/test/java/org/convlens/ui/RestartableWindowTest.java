package org.convlens.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * For tests that start the main window, close it and start it again over the same folders (a restart, as users
 * have it), with no ResNet50V2 weights anywhere: the window starts as a first-time user's or as its saved
 * settings say.
 */
abstract class RestartableWindowTest {
  @TempDir Path temp;
  private UiTestSupport.Shown shown;
  /** The window open now; null between a close and the next start. */
  MainWindow window;

  @AfterEach
  void closeWindowAndStages() throws Exception {
    closeWindow();
    FxToolkit.cleanupStages();
  }

  void start() throws Exception {
    shown = UiTestSupport.show(UiTestSupport.withoutWeights(temp));
    window = shown.window();
  }

  /** Stops the window's task pool, closes its model and the window: the first half of a restart. */
  void closeWindow() throws Exception {
    if (shown != null) {
      shown.close();
      shown = null;
      window = null;
    }
  }

  MainViewModel vm() {
    return window.controller().viewModel();
  }
}
