package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import java.nio.file.Path;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.testing.TestFiles;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ModelViewTest {
  private final MainViewModel vm = new MainViewModel();
  private final List<Throwable> errors = new ArrayList<>();
  private ModelView view;

  @Start
  void start(Stage stage) {
    view = new ModelView(vm, TaskRunner.direct(), errors::add);
    stage.setScene(new Scene(new TabPane(view.tab()), 1100, 700));
    stage.show();
  }

  private TableView<?> table(FxRobot robot) {
    return robot.lookup("#modelTable").queryAs(TableView.class);
  }

  @Test
  void withoutANetworkTheTableIsEmptyWithAFriendlyPlaceholder(FxRobot robot) {
    assertEquals(0, table(robot).getItems().size());
    assertTrue(((Label) table(robot).getPlaceholder()).getText().contains("once its weights are read"));
    assertEquals("", robot.lookup("#modelTotals").queryAs(Label.class).getText());
    assertTrue(view.currentImage().isEmpty());
    assertTrue(errors.isEmpty());
  }

  @Test
  void fillsAsSoonAsTheNetworkIsSetWithTotalsAndWeights(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));

    assertEquals(192, table(robot).getItems().size());
    String totals = robot.lookup("#modelTotals").queryAs(Label.class).getText();
    assertTrue(totals.contains("Total params: " + String.format("%,d", 25_613_800L)), totals);
    ModelSummary summary = ModelSummary.of(ViewFixtures.network().graph());
    assertTrue(totals.contains(String.format("Trainable: %,d", summary.trainableParams())), totals);
    assertTrue(totals.contains(String.format("Non-trainable: %,d", summary.nonTrainableParams())), totals);
    String weights = robot.lookup("#modelWeights").queryAs(Label.class).getText();
    assertTrue(weights.contains("untrained (random weights, seed 1)"), weights);
    assertTrue(robot.lookup("#modelWeights").query().getStyleClass().contains("warning"));
    assertTrue(errors.isEmpty());
  }

  @Test
  void parameterCountsAreRightAlignedWithThousandsSeparators(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    String conv1Params = String.format("%,d", 7 * 7 * 3 * 64 + 64); // conv1_conv: kernel + bias
    List<Node> cells = new ArrayList<>(robot.lookup(".table-cell").queryAll());
    TableCell<?, ?> cell = cells.stream().map(n -> (TableCell<?, ?>) n)
        .filter(c -> conv1Params.equals(c.getText())).findFirst().orElseThrow();
    assertEquals(javafx.geometry.Pos.CENTER_RIGHT, cell.getAlignment());
  }

  @Test
  void typingInTheFilterNarrowsByNameOrTypeIgnoringCase(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    long expected = ModelSummary.of(ViewFixtures.network().graph()).rows().stream()
        .filter(r -> r.layer().contains("conv5_block3")).count();

    robot.clickOn("#modelFilter").write("CONV5_block3");
    WaitForAsyncUtils.waitForFxEvents();

    TableView<?> table = table(robot);
    assertEquals(expected, table.getItems().size());
    assertTrue(expected > 5);
    table.getItems().forEach(r -> assertTrue(((LayerTree.Entry) r).row().layer().startsWith("conv5_block3")));
    assertEquals(expected + " of 192 layers", robot.lookup("#modelShown").queryAs(Label.class).getText());

    robot.interact(() -> robot.lookup("#modelFilter").queryTextInputControl().setText("dense"));
    assertEquals(1, table.getItems().size());
    assertEquals("predictions", ((LayerTree.Entry) table.getItems().get(0)).row().layer());

    robot.interact(() -> robot.lookup("#modelFilter").queryTextInputControl().setText(""));
    assertEquals(192, table.getItems().size());
  }

  @Test
  void clearingTheNetworkEmptiesTheTable(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setNetwork(null));
    assertEquals(0, table(robot).getItems().size());
    assertEquals("", robot.lookup("#modelTotals").queryAs(Label.class).getText());
  }

  @Test
  void aFilterThatMatchesNothingSaysSoInsteadOfWaitingForWeights(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> robot.lookup("#modelFilter").queryTextInputControl().setText("zzz"));
    assertEquals(0, table(robot).getItems().size());
    Label placeholder = (Label) table(robot).getPlaceholder();
    assertEquals("No layer matches 'zzz'.", placeholder.getText());
    assertTrue(placeholder.isVisible(), "the empty table shows it");
    assertEquals("0 of 192 layers", robot.lookup("#modelShown").queryAs(Label.class).getText());

    // Clearing the network brings back the waiting message, whatever the filter says.
    robot.interact(() -> vm.setNetwork(null));
    assertTrue(placeholder.getText().contains("once its weights are read"), placeholder.getText());
  }

  @Test
  void aNestedModelsLayersAreIndentedUnderARowOfItsOwnAndTheFilterKeepsThatRow(FxRobot robot) throws Exception {
    // A real Keras 3 file: a Sequential holding MobileNet 0.25 and a head.
    Network nested = new NetworkLoader(new WeightsLocator(List.of()), Path.of("unused")).load(
        new WeightsChoice.Model(TestFiles.keras("k3_nested_mobilenet_in_sequential.keras"), null));
    robot.interact(() -> vm.setNetwork(nested));
    List<ModelSummary.Row> layers = ModelSummary.of(nested.graph()).rows();
    List<LayerTree.Entry> items = entries(robot);
    int group = indexOf(items, INNER);
    assertTrue(items.get(group).group(), "the nested model has a row of its own");
    assertEquals(LayerTree.NESTED_MODEL, items.get(group).row().type());
    long innerParams = layers.stream().filter(r -> r.layer().startsWith(INNER + "/")).mapToLong(r -> r.params())
        .sum();
    assertEquals(innerParams, items.get(group).row().params(), "its layers' parameters together");
    assertTrue(items.get(group + 1).row().layer().startsWith(INNER + "/"), "its layers follow it");
    assertEquals(1, items.get(group + 1).depth());
    assertEquals(layers.size() + 1, items.size(), "every layer once, plus the nested model's row");
    assertEquals(layers.size() + " of " + layers.size() + " layers",
        robot.lookup("#modelShown").queryAs(Label.class).getText(), "the nested model's row is no layer");

    // Drawn indented, by its last part, with the whole path in a tooltip.
    robot.interact(() -> robot.lookup("#modelFilter").queryTextInputControl().setText("conv_pw_13_relu"));
    items = entries(robot);
    assertEquals(List.of(INNER, INNER + "/conv_pw_13_relu"), items.stream().map(e -> e.row().layer()).toList());
    assertEquals("1 of " + layers.size() + " layers", robot.lookup("#modelShown").queryAs(Label.class).getText());
    assertEquals(List.of(INNER + "/conv_pw_13_relu"),
        view.currentLayerTable().orElseThrow().stream().map(ModelSummary.Row::layer).toList());
    WaitForAsyncUtils.waitForFxEvents();
    TableCell<?, ?> groupCell = layerCell(robot, INNER);
    TableCell<?, ?> innerCell = layerCell(robot, "conv_pw_13_relu");
    assertTrue(groupCell.getStyleClass().contains(ModelView.NESTED_MODEL_STYLE));
    assertTrue(innerCell.getPadding().getLeft() > groupCell.getPadding().getLeft(), "indented");
    assertEquals(INNER + "/conv_pw_13_relu", innerCell.getTooltip().getText());
    assertTrue(errors.isEmpty());
  }

  private static final String INNER = "mobilenet_0.25_224";

  @SuppressWarnings("unchecked")
  private List<LayerTree.Entry> entries(FxRobot robot) {
    return List.copyOf((List<LayerTree.Entry>) table(robot).getItems());
  }

  private static int indexOf(List<LayerTree.Entry> items, String layer) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).row().layer().equals(layer)) {
        return i;
      }
    }
    throw new AssertionError(layer + " not in the table");
  }

  /** The Layer column's cell whose text ends with {@code name}. */
  private static TableCell<?, ?> layerCell(FxRobot robot, String name) {
    return robot.lookup(".table-cell").queryAll().stream().map(n -> (TableCell<?, ?>) n)
        .filter(c -> c.getText() != null && c.getText().endsWith(name) && c.getTableColumn() != null
            && "Layer".equals(c.getTableColumn().getText()))
        .findFirst().orElseThrow(() -> new AssertionError("no cell for " + name));
  }

  @Test
  void theLayerTableToExportIsWhatTheFilterShows(FxRobot robot) {
    assertTrue(view.currentLayerTable().isEmpty(), "no model, no table");
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    assertEquals(ModelSummary.of(ViewFixtures.network().graph()).rows().size(),
        view.currentLayerTable().orElseThrow().size());
    robot.interact(() -> robot.lookup("#modelFilter").queryTextInputControl().setText("dense"));
    List<ModelSummary.Row> rows = view.currentLayerTable().orElseThrow();
    assertEquals(1, rows.size());
    assertEquals("predictions", rows.get(0).layer());
    assertTrue(view.currentActivation().isEmpty());
  }
}
