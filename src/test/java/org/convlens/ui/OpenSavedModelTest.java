package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.convlens.model.SignatureNetwork;
import org.convlens.testing.SavedModelFolders;
import org.junit.jupiter.api.Test;

/**
 * A TensorFlow SavedModel folder dropped on the window: each rank-4 output of its signature is a Feature maps tab
 * named by its key, the views that need a Keras layer graph say so, and the folder is remembered for the next start.
 */
class OpenSavedModelTest extends RestartableWindowTest {
  private static final int MODEL_WAIT = 180;

  /** The SavedModel is loaded and the image shown has been run through it. */
  private boolean showsSavedModel() {
    return vm().getAnalyzer() != null && vm().getAnalyzer().model().network().signature().isPresent()
        && vm().getAnalysis() != null && vm().getAnalysis().activations().has("pooled");
  }

  @Test
  void aDroppedSavedModelFolderShowsEachMapOutputAsAFeatureMapsTab() throws Exception {
    Path folder = SavedModelFolders.twoMaps(temp.resolve("two_maps")).toAbsolutePath();
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);

    runFx(() -> window.controller().openDropped(folder));
    waitFor(MODEL_WAIT, this::showsSavedModel);
    TabPane stages = onFx(() -> (TabPane) window.tabPane().getScene().lookup("#stageTabs"));
    waitFor(30, () -> onFx(() -> tabTexts(stages)).equals(List.of("edges", "pooled")));
    assertEquals(folder.toString(), window.controller().settings().recentModels().get(0));

    for (String view : List.of("Filters", "Explain")) {
      select(view);
      waitFor(30, () -> onFx(() -> texts(window.tabPane())).stream()
          .anyMatch(t -> t.equals(SignatureNetwork.NEEDS_KERAS)));
    }
    select("Model");
    waitFor(30, () -> onFx(() -> texts(window.tabPane())).stream()
        .anyMatch(t -> t.contains("signature 'serving_default': input 'image' float (?, ?, ?, 3)")));

    closeWindow();
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalyzer() != null
        && vm().getAnalyzer().model().network().signature().isPresent());
    assertTrue(vm().getAnalyzer().model().network().origin().description().contains(folder.toString()),
        "the folder is remembered and opens again at the next start");
  }

  private void select(String text) throws Exception {
    runFx(() -> window.tabPane().getTabs().stream().filter(t -> t.getText().equals(text)).findFirst()
        .ifPresent(t -> window.tabPane().getSelectionModel().select(t)));
  }

  private static List<String> tabTexts(TabPane pane) {
    return pane.getTabs().stream().map(Tab::getText).toList();
  }

  /** The texts of the visible labels under {@code root}. */
  private static List<String> texts(Node root) {
    List<String> found = new ArrayList<>();
    if (!root.isVisible()) {
      return found;
    }
    if (root instanceof Labeled l && l.getText() != null) {
      found.add(l.getText());
    }
    if (root instanceof Parent p) {
      p.getChildrenUnmodifiable().forEach(c -> found.addAll(texts(c)));
    }
    return found;
  }
}
