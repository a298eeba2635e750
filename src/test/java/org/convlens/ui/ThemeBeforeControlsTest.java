package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.settings.SettingsStore;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The user's theme is JavaFX's stylesheet before the window builds its first control: a control's class would
 * otherwise parse JavaFX's own Modena stylesheet first, only for it to be replaced (time the first window pays).
 */
class ThemeBeforeControlsTest {
  private FxTaskRunner tasks;
  private MainWindow window;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    if (window != null) {
      runFx(() -> window.controller().close());
    }
    tasks.shutdown();
  }

  @Test
  void theLightThemeIsSetWhenTheWindowIsMadeNotWhenShown() throws Exception {
    assertEquals(new PrimerLight().getUserAgentStylesheet(), themeAfterMakingTheWindow(false));
  }

  @Test
  void aRememberedDarkThemeIsSetWhenTheWindowIsMade() throws Exception {
    assertEquals(new PrimerDark().getUserAgentStylesheet(), themeAfterMakingTheWindow(true));
  }

  private String themeAfterMakingTheWindow(boolean dark) throws Exception {
    Path config = Files.createTempDirectory("convlens-theme-test").resolve("config");
    new SettingsStore(config).save(Settings.defaults().withDarkMode(dark));
    tasks = new FxTaskRunner();
    return onFx(() -> {
      Application.setUserAgentStylesheet(Application.STYLESHEET_MODENA); // what a control's class would set
      window = new MainWindow(new Stage(), UiTestSupport.untrained(config), tasks);
      return Application.getUserAgentStylesheet();
    });
  }
}
