package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Start-up without the ImageNet weights: the banner says where ConvLens looked and offers the ways on. */
class WeightsBannerTest {
  @TempDir Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;

  @AfterEach
  void close() throws Exception {
    tasks.shutdown();
    UiTestSupport.runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  private void open(WeightsChoice choice) throws Exception {
    FxToolkit.registerPrimaryStage();
    Path modelsDir = Files.createDirectories(temp.resolve("models"));
    Path kerasDir = Files.createDirectories(temp.resolve("keras"));
    AppContext context = UiTestSupport.context(temp.resolve("config"),
        new WeightsLocator(List.of(modelsDir, kerasDir)), choice);
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(new Stage(), context, tasks);
      window.show();
    });
  }

  @Test
  void missingWeightsShowTheBannerAndUntrainedWeightsLoadTheModel() throws Exception {
    open(new WeightsChoice.Find());
    waitFor(30, () -> lookup("#weightsBanner").isVisible());
    String text = onFx(() -> ((Label) lookup("#weightsBannerText")).getText());
    assertTrue(text.startsWith("ImageNet weights not found \u2014 looked in"), text);
    assertTrue(text.contains(temp.resolve("models").toString()) && text.contains(temp.resolve("keras").toString()),
        text);
    assertNull(window.controller().viewModel().getNetwork());
    // The rest of the window works meanwhile: the menus, the tabs.
    assertTrue(onFx(() -> window.selectTab("Filters")));

    new FxRobot().clickOn("#untrainedWeightsButton");
    waitFor(120, () -> window.controller().viewModel().getAnalysis() != null);
    assertFalse(onFx(() -> lookup("#weightsBanner").isVisible()));
    assertTrue(window.controller().viewModel().getNetwork().origin().untrained());
    assertTrue(onFx(() -> lookup("#untrainedBadgeStatus").isVisible()));
    assertEquals(MainController.FIRST_SAMPLE,
        window.controller().viewModel().getAnalysis().source().getFileName().toString());
  }

  @Test
  void aDownloadThatCannotReachAServerEndsInAnErrorAndTheBannerStays() throws Exception {
    open(new WeightsChoice.Find());
    waitFor(30, () -> lookup("#weightsBanner").isVisible());
    int cards = onFx(() -> window.notifications().shown().size());
    new FxRobot().clickOn("#downloadWeightsButton");
    // The test context's downloader points at a closed local port.
    waitFor(30, () -> window.notifications().shown().size() > cards);
    assertTrue(onFx(() -> lookup("#weightsBanner").isVisible()));
    assertNull(onFx(() -> window.controller().weights().downloadProperty().get()));
    assertFalse(onFx(() -> lookup("#downloadWeightsButton").isDisabled()));
  }

  @Test
  void aCorruptSettingsFileGivesAWarningAndTheAppStillStarts() throws Exception {
    Files.createDirectories(temp.resolve("config"));
    Files.writeString(temp.resolve("config").resolve("settings.json"), "{ not json");
    open(new WeightsChoice.Find());
    waitFor(30, () -> window.notifications().shown().stream()
        .anyMatch(n -> n.getStyleClass().contains("notification-warning")));
    waitFor(30, () -> lookup("#weightsBanner").isVisible());
  }

  private Node lookup(String selector) {
    return window.tabPane().getScene().lookup(selector);
  }
}
