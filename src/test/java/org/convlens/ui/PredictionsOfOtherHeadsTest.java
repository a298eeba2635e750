package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.testing.TestFiles;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** A model whose head is not ImageNet's 1000 classes: its top outputs show by unit, not as named classes. */
class PredictionsOfOtherHeadsTest {
  @TempDir Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;

  @AfterEach
  void close() throws Exception {
    tasks.shutdown();
    UiTestSupport.runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @Test
  void aTenClassHeadShowsUnitsAndItsOutputsNotPercentages() throws Exception {
    FxToolkit.registerPrimaryStage();
    // MLPerf Tiny's ResNet-8 for CIFAR-10: a whole Keras model whose head is a 10-way softmax.
    Path model = TestFiles.keras("k2_full_functional_resnet8_add_bn_mlperftiny.h5");
    AppContext context = UiTestSupport.context(temp.resolve("config"),
        new WeightsLocator(List.of(temp.resolve("none"))), new WeightsChoice.File(model));
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(new Stage(), context, tasks);
      window.show();
    });
    MainViewModel vm = window.controller().viewModel();
    waitFor(120, () -> vm.getAnalysis() != null && !vm.getAnalysis().predictions().isEmpty());
    waitFor(10, () -> !texts(".prediction-label").isEmpty());

    List<String> names = onFx(() -> texts(".prediction-label"));
    assertEquals(5, names.size(), names.toString());
    assertTrue(names.stream().allMatch(n -> n.matches("unit \\d")), names.toString());
    List<String> values = onFx(() -> texts(".prediction-percent"));
    assertFalse(values.stream().anyMatch(v -> v.contains("%") || v.contains("null")), values.toString());
    assertEquals(vm.getAnalysis().predictions().get(0).classIndex(),
        Integer.parseInt(names.get(0).substring("unit ".length())));
  }

  private List<String> texts(String styleClass) {
    return window.tabPane().getScene().getRoot().lookupAll(styleClass).stream()
        .map(n -> ((Label) n).getText()).toList();
  }
}
