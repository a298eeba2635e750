package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import org.convlens.image.Preprocessing;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;

/**
 * File > Open model... and drag and drop of a Keras model file: the file loads (a nested fine-tuned model
 * here), its preprocessing is Keras's default until the user picks another in the status bar, both are
 * remembered for the next start, and a file that cannot be opened leaves the model shown as it was.
 */
class OpenModelTest extends RestartableWindowTest {
  private static final int MODEL_WAIT = 180;
  private static final String INNER = "mobilenet_0.25_224/";

  @SuppressWarnings("unchecked")
  private ChoiceBox<Preprocessing> preprocessingBox() throws Exception {
    return onFx(() -> (ChoiceBox<Preprocessing>) window.tabPane().getScene().lookup("#preprocessingChoice"));
  }

  private boolean showsNestedModel() {
    Analysis a = vm().getAnalysis();
    return a != null && vm().getAnalyzer() != null
        && vm().getAnalyzer().model().network().graph().layerNames().stream().anyMatch(n -> n.startsWith(INNER))
        && a.weights().description().startsWith("k3_nested_mobilenet_in_sequential.keras");
  }

  @Test
  void aDroppedKerasFileOpensWithKerasPreprocessingWhichTheUserCanChangeAndBothAreRemembered() throws Exception {
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    Path keras = TestFiles.keras("k3_nested_mobilenet_in_sequential.keras").toAbsolutePath();

    runFx(() -> window.controller().openDropped(keras));
    waitFor(MODEL_WAIT, this::showsNestedModel);
    assertEquals(new WeightsChoice.Model(keras, null),
        onFx(() -> window.controller().weights().shownProperty().get()));
    assertEquals(keras.toString(), window.controller().settings().modelFile().file());

    // The nested MobileNet is an application model: Keras's "tf", preselected and usable.
    ChoiceBox<Preprocessing> box = preprocessingBox();
    assertEquals(Preprocessing.TF, onFx(box::getValue));
    assertFalse(onFx(box::isDisabled));
    assertEquals(Preprocessing.TF, vm().getAnalysis().input().mode());

    Analyzer before = vm().getAnalyzer();
    runFx(() -> box.setValue(Preprocessing.CAFFE));
    waitFor(MODEL_WAIT, () -> vm().getAnalysis().input().mode() == Preprocessing.CAFFE);
    assertSame(before.model(), vm().getAnalyzer().model(), "the same model, not reloaded");
    assertEquals("caffe", window.controller().settings().preprocessing().get(keras.toString()));

    closeWindow();
    start();
    waitFor(MODEL_WAIT, this::showsNestedModel);
    assertEquals(Preprocessing.CAFFE, vm().getAnalysis().input().mode(), "asked once: remembered per file");
    assertEquals(Preprocessing.CAFFE, onFx(preprocessingBox()::getValue));
  }

  @Test
  void aModelThatCannotBeOpenedSaysWhyAndTheModelShownStays() throws Exception {
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    Analyzer shown = vm().getAnalyzer();
    int cards = onFx(() -> window.notifications().shown().size());

    runFx(() -> window.controller().weights().openModelFile(TestFiles.keras("k3_sequential_lambda_refuse.keras"),
        null));
    waitFor(MODEL_WAIT, () -> window.notifications().shown().size() > cards
        && !window.controller().weights().modelLoadingProperty().get());
    String message = onFx(() -> texts(window.notifications().shown().get(cards)));
    assertTrue(message.contains("Lambda"), message);
    assertSame(shown, vm().getAnalyzer(), "the model that worked stays");
    assertSame(shown.model().network(), vm().getNetwork(), "and so does its layer table");
    assertNull(window.controller().settings().modelFile(), "a file that fails is not remembered");
  }

  @Test
  void anArchitectureJsonOpensWithItsWeightsAndTheFileMenuOffersOpenModel() throws Exception {
    start();
    waitFor(MODEL_WAIT, () -> vm().getAnalysis() != null);
    List<String> fileItems = onFx(() -> window.menuBarNode().getMenus().get(0).getItems().stream()
        .map(MenuItem::getId).toList());
    assertTrue(fileItems.contains("openModelItem"), fileItems.toString());

    Path json = TestFiles.keras("k2_arch_sequential_conv2d_1layer_hls4ml.json").toAbsolutePath();
    Path weights = TestFiles.keras("k2_weights_sequential_conv2d_1layer_hls4ml.h5").toAbsolutePath();
    Analyzer before = vm().getAnalyzer();
    runFx(() -> window.controller().weights().openModelFile(json, weights));
    waitFor(MODEL_WAIT, () -> vm().getAnalyzer() != before
        && !window.controller().weights().modelLoadingProperty().get());
    assertEquals(new WeightsChoice.Model(json, weights),
        onFx(() -> window.controller().weights().shownProperty().get()));
    assertEquals(weights.toString(), window.controller().settings().modelFile().weights());
    assertNotSame(before.model(), vm().getAnalyzer().model());
  }

  private static String texts(Node card) {
    return card.lookupAll(".label").stream().map(n -> ((Label) n).getText()).filter(t -> t != null)
        .collect(Collectors.joining(" "));
  }
}
