package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.BundledModel;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A first start without ResNet50V2's ImageNet weights (offline): the bundled MobileNet shows real results for the
 * cat while the banner says so and offers the ways to ResNet50V2.
 */
class WeightsBannerTest {
  private static final int MODEL_WAIT = 120;
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
  void offlineTheBundledMobileNetShowsTheCatAndUntrainedResNetCanBeChosen() throws Exception {
    open(new WeightsChoice.Find());
    MainViewModel vm = window.controller().viewModel();
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);

    assertEquals("Egyptian cat", vm.getAnalysis().predictions().get(0).label());
    assertEquals(MainController.FIRST_SAMPLE, vm.getAnalysis().source().getFileName().toString());
    assertFalse(vm.getNetwork().origin().untrained());
    // The newcomer sees real feature maps first: the Feature maps tab, on MobileNet's own first stage.
    assertEquals("Feature maps", onFx(() -> window.tabPane().getSelectionModel().getSelectedItem().getText()));
    waitFor(30, () -> ((javafx.scene.image.ImageView) lookup("#mosaicImage-stage1")).getImage() != null);
    assertTrue(onFx(() -> lookup("#weightsBanner").isVisible()));
    String text = onFx(() -> ((Label) lookup("#weightsBannerText")).getText());
    assertTrue(text.startsWith("ResNet50V2's ImageNet weights were not found; showing the bundled MobileNet"),
        text);
    assertTrue(text.contains(temp.resolve("models").toString()) && text.contains(temp.resolve("keras").toString()),
        text);
    // Every label that names the model says MobileNet while it is shown.
    assertTrue(onFx(() -> ((Label) lookup("#statusWeights")).getText()).contains(BundledModel.DESCRIPTION));
    assertTrue(onFx(() -> window.stageTitle()).contains(BundledModel.NAME), onFx(() -> window.stageTitle()));
    for (String button : List.of("#downloadWeightsButton", "#locateWeightsButton", "#untrainedWeightsButton")) {
      assertTrue(onFx(() -> lookup(button).isVisible()), button);
    }

    new FxRobot().clickOn("#untrainedWeightsButton");
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null && vm.getAnalysis().weights().untrained());
    assertFalse(onFx(() -> lookup("#weightsBanner").isVisible()));
    assertTrue(onFx(() -> lookup("#untrainedBadgeStatus").isVisible()));
    assertEquals(MainController.FIRST_SAMPLE, vm.getAnalysis().source().getFileName().toString());
    assertFalse(onFx(() -> window.stageTitle()).contains(BundledModel.NAME));
  }

  @Test
  void aDownloadThatCannotReachAServerSaysSoInTheBannerInTheAppsWords() throws Exception {
    open(new WeightsChoice.Find());
    waitFor(30, () -> lookup("#weightsBanner").isVisible());
    new FxRobot().clickOn("#downloadWeightsButton");
    // The test context's downloader points at a closed local port.
    waitFor(30, () -> lookup("#downloadError").isVisible());
    String error = onFx(() -> ((Label) lookup("#downloadError")).getText());
    assertTrue(error.contains("no download server could be reached") && error.contains("Locate file"), error);
    assertFalse(error.contains("--weights") || error.contains("--untrained"), error);
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

  @Test
  void aMissingWeightsFileLeavesNoModelButTheBannerAndAnImageWaitsVisibly() throws Exception {
    open(new WeightsChoice.File(temp.resolve("missing.h5")));
    waitFor(30, () -> lookup("#weightsBanner").isVisible());
    String text = onFx(() -> ((Label) lookup("#weightsBannerText")).getText());
    assertTrue(text.startsWith("No model is loaded"), text);
    assertNull(window.controller().viewModel().getAnalyzer());

    UiTestSupport.runFx(() -> window.controller().openImage(Path.of("sample-images", "coffee.png")));
    waitFor(30, () -> window.controller().originalImageProperty().get() != null);
    assertEquals(MainController.WAITING, onFx(() -> window.controller().imageNoteProperty().get()));
    String placeholder = onFx(() -> ((Label) lookup("#predictionsPlaceholder")).getText());
    assertTrue(placeholder.contains("waiting for a model"), placeholder);
    assertInstanceOf(WeightsChoice.Find.class, WeightsController.savedChoice(window.controller().settings()),
        "a file that failed is not remembered");
  }

  private Node lookup(String selector) {
    return window.tabPane().getScene().lookup(selector);
  }
}
