package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import org.convlens.image.Preprocessing;
import org.convlens.model.NetworkStage;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The model switcher in the toolbar and File > Model: built-in models (untrained here, to stay offline and fast),
 * the banner for one whose weights are missing, and the recent model files.
 */
class ModelSwitcherTest {
  private static final int MODEL_WAIT = 180;
  @TempDir Path temp;
  private UiTestSupport.Shown shown;

  @AfterEach
  void close() throws Exception {
    if (shown != null) {
      shown.close();
    }
    FxToolkit.cleanupStages();
  }

  private MainWindow open(WeightsChoice choice) throws Exception {
    Path models = Files.createDirectories(temp.resolve("models"));
    AppContext context = UiTestSupport.context(temp.resolve("config"), new WeightsLocator(List.of(models)), choice);
    shown = UiTestSupport.show(context);
    return shown.window();
  }

  @Test
  void aBuiltInModelWithoutWeightsOffersItsWaysOnAndItsUntrainedModeReplacesTheModelShown() throws Exception {
    Application mobilenet = Applications.MOBILENET;
    Application resnet = Applications.RESNET50V2;
    MainWindow window = open(new WeightsChoice.Untrained(mobilenet, WeightsChoice.DEFAULT_SEED));
    MainViewModel vm = window.controller().viewModel();
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);
    assertShows(window, mobilenet, "MobileNet (untrained)");

    // The switcher lists every built-in model; ResNet50V2's weights are nowhere in this test.
    new FxRobot().clickOn("#modelSwitcher");
    List<String> listed = onFx(() -> switcher(window).getItems().stream().map(MenuItem::getText)
        .filter(t -> t != null).toList());
    for (Application app : Applications.all()) {
      assertTrue(listed.stream().anyMatch(t -> t.startsWith(app.displayName())), app.id() + " in " + listed);
    }
    new FxRobot().clickOn(resnet.displayName());
    waitFor(MODEL_WAIT, () -> lookup(window, "#weightsBanner").isVisible());
    String text = onFx(() -> ((Label) lookup(window, "#weightsBannerText")).getText());
    assertTrue(text.startsWith("ResNet50V2's ImageNet weights were not found"), text);
    assertTrue(text.contains(resnet.weights().preferred().fileName()), text);
    assertEquals("Download ResNet50V2 (" + resnet.downloadSize() + ")", buttonText(window, "#downloadWeightsButton"));
    assertEquals("Locate file...", buttonText(window, "#locateWeightsButton"));
    assertEquals("Use untrained ResNet50V2", buttonText(window, "#untrainedWeightsButton"));
    assertShows(window, mobilenet, "MobileNet (untrained)"); // the model before stays until another loads

    new FxRobot().clickOn("#untrainedWeightsButton");
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null
        && vm.getAnalysis().activations().names().contains(resnet.stages().get(4).layer()));
    assertFalse(onFx(() -> lookup(window, "#weightsBanner").isVisible()));
    assertShows(window, resnet, "ResNet50V2 (untrained)");
    assertEquals(new WeightsChoice.Untrained(resnet, WeightsChoice.DEFAULT_SEED),
        WeightsController.savedChoice(window.controller().settings()), "remembered for the next start");
  }

  @Test
  void aModelFileOpenedAppearsInTheSwitcherAndFileModelAsRecent() throws Exception {
    MainWindow window = open(new WeightsChoice.Untrained(Applications.MOBILENET, WeightsChoice.DEFAULT_SEED));
    MainViewModel vm = window.controller().viewModel();
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);
    assertTrue(recentModels(window).isEmpty());
    Path file = TestFiles.mobileNet().toAbsolutePath();
    runFx(() -> window.controller().weights().openModelFile(file, null));
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null && !vm.getAnalysis().weights().untrained());

    String name = file.getFileName().toString();
    assertEquals(List.of(name), recentModels(window).stream().map(t -> t.substring(0, t.indexOf(' '))).toList());
    new FxRobot().clickOn("#modelSwitcher");
    List<String> items = onFx(() -> switcher(window).getItems().stream().map(MenuItem::getText).toList());
    assertTrue(items.stream().anyMatch(t -> t != null && t.startsWith(name)
        && t.contains(file.getParent().toString())), items.toString());
    new FxRobot().clickOn("#modelSwitcher"); // closes it
    assertEquals(List.of(file.toString()), window.controller().settings().recentModels());
  }

  /** The title, the switcher, the preprocessing in the status bar and the Feature maps tabs all name {@code app}. */
  private static void assertShows(MainWindow window, Application app, String label) throws Exception {
    waitFor(30, () -> window.stageTitle().contains(label) && switcher(window).getText().equals(label));
    waitFor(30, () -> app.preprocessing() == preprocessingShown(window));
    List<String> tabs = onFx(() -> ((TabPane) lookup(window, "#stageTabs")).getTabs().stream()
        .map(t -> t.getId()).toList());
    assertEquals(app.stages().stream().map(NetworkStage::name).map(n -> "stage-" + n).toList(), tabs);
  }

  @SuppressWarnings("unchecked")
  private static Preprocessing preprocessingShown(MainWindow window) {
    return ((ChoiceBox<Preprocessing>) lookup(window, "#preprocessingChoice")).getValue();
  }

  private static List<String> recentModels(MainWindow window) throws Exception {
    return onFx(() -> {
      Menu model = (Menu) window.menuBarNode().getMenus().get(0).getItems().stream()
          .filter(i -> "modelMenu".equals(i.getId())).findFirst().orElseThrow();
      return model.getItems().stream().filter(i -> i.getStyleClass().contains("recent-model"))
          .map(MenuItem::getText).toList();
    });
  }

  private static MenuButton switcher(MainWindow window) {
    return (MenuButton) lookup(window, "#modelSwitcher");
  }

  private static String buttonText(MainWindow window, String id) throws Exception {
    return onFx(() -> ((Button) lookup(window, id)).getText());
  }

  private static Node lookup(MainWindow window, String selector) {
    return window.tabPane().getScene().lookup(selector);
  }
}
