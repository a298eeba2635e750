package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import org.convlens.pipeline.Analyzer;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.testing.TestFiles;
import org.convlens.viz.FilterNormalization;
import org.junit.jupiter.api.Test;

/**
 * The weights the user chose are remembered once they have loaded, and only then: the next start (a new window
 * over the same settings folder, with no ResNet50V2 weights anywhere) shows them again and is never a dead end.
 */
class WeightsRestartTest extends RestartableWindowTest {
  private static final int MODEL_WAIT = 120;

  @Test
  void aFileThatFailsIsNotRememberedAndTheNextStartShowsTheLastGoodOne() throws Exception {
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null); // the bundled MobileNet, offline
    Path mobilenet = TestFiles.mobileNet();
    runFx(() -> window.controller().weights().openWeights(mobilenet));
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null
        && vm().getAnalysis().weights().description().startsWith("mobilenet_v1_0.25_224.h5")
        && !vm().getAnalysis().weights().description().contains("bundled"));
    Analyzer good = vm().getAnalyzer();

    int cards = onFx(() -> window.notifications().shown().size());
    runFx(() -> window.controller().weights().openWeights(TestFiles.squeezeNetNoTop()));
    waitFor(MODEL_WAIT, () -> window.notifications().shown().size() > cards
        && !window.controller().weights().modelLoadingProperty().get());
    assertSame(good, vm().getAnalyzer(), "the model that worked stays");
    assertEquals(mobilenet.toString(), window.controller().settings().weightsPath());

    closeWindow();
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    assertTrue(vm().getAnalysis().weights().description().startsWith("mobilenet_v1_0.25_224.h5"));
    assertFalse(vm().getAnalysis().weights().description().contains("bundled"),
        vm().getAnalysis().weights().description());
  }

  @Test
  void untrainedWeightsAndTheFiltersNormalisationAreRememberedAndTheModelMenuOffersEveryWayOn() throws Exception {
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    Menu model = onFx(() -> (Menu) window.menuBarNode().getMenus().get(0).getItems().stream()
        .filter(i -> "modelMenu".equals(i.getId())).findFirst().orElseThrow());
    List<String> ids = model.getItems().stream().map(MenuItem::getId).toList();
    assertTrue(ids.containsAll(List.of("downloadWeightsItem", "untrainedWeightsItem", "bundledModelItem")),
        ids.toString());

    runFx(() -> model.getItems().stream().filter(i -> "untrainedWeightsItem".equals(i.getId())).findFirst()
        .orElseThrow().fire());
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null && vm().getAnalysis().weights().untrained());
    runFx(() -> vm().filterOptionsProperty().set(
        vm().filterOptionsProperty().get().withNormalization(FilterNormalization.SYMMETRIC)));

    closeWindow();
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    assertTrue(vm().getAnalysis().weights().untrained(), "restarts with what the user chose");
    assertEquals(FilterNormalization.SYMMETRIC, vm().filterOptionsProperty().get().normalization(),
        "the Filters tab's normalisation is remembered too");
    Node banner = onFx(() -> window.tabPane().getScene().lookup("#weightsBanner"));
    assertFalse(onFx(banner::isVisible));
  }

  @Test
  void aStartWithAMissingFileIsNoDeadEnd() throws Exception {
    Files.createDirectories(temp.resolve("config"));
    Files.writeString(temp.resolve("config/settings.json"),
        "{\"weightsPath\": \"" + temp.resolve("gone.h5").toString().replace("\\", "\\\\") + "\"}");
    start();
    // The file is gone: a warning, then the usual search, then the bundled MobileNet.
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    assertEquals(new WeightsChoice.Bundled(), onFx(() -> window.controller().weights().shownProperty().get()));
  }
}
