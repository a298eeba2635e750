package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.convlens.model.Layer;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.ChannelView;
import org.convlens.viz.Colormap;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.Mosaic;
import org.convlens.viz.Raster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class LayersViewTest {
  private static final String HIDDEN = "conv2_block1_1_conv";

  private final MainViewModel vm = new MainViewModel();
  private final List<Throwable> errors = new ArrayList<>();
  /** Every on-demand call: which analysis and which layers. */
  private final List<String> calls = new ArrayList<>();
  private final OnDemandLayers onDemand = (analysis, layers) -> {
    calls.add(String.join(",", layers));
    return new Activations(Map.of(layers.get(0), ViewFixtures.activationOf(layers.get(0), calls.size())));
  };
  private LayersView view;

  @Start
  void start(Stage stage) {
    view = new LayersView(vm, TaskRunner.direct(), onDemand, errors::add);
    stage.setScene(new Scene(new TabPane(view.tab()), 1200, 780));
    stage.show();
  }

  @SuppressWarnings("unchecked")
  private ListView<Layer> list(FxRobot robot) {
    return robot.lookup("#layersList").queryAs(ListView.class);
  }

  private ImageView image(FxRobot robot) {
    return robot.lookup("#layerMosaic").queryAs(ImageView.class);
  }

  private String message(FxRobot robot) {
    return robot.lookup("#layerMessage").queryAs(Label.class).getText();
  }

  private void select(FxRobot robot, String layer) {
    robot.interact(() -> list(robot).getSelectionModel().select(
        list(robot).getItems().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow()));
  }

  @Test
  void listsEveryLayerInOrderWithTypeAndShape(FxRobot robot) {
    assertTrue(list(robot).getItems().isEmpty());
    assertEquals(LayersView.NO_MODEL, message(robot));
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    assertEquals(ViewFixtures.network().graph().layerNames(),
        list(robot).getItems().stream().map(Layer::name).toList());
    assertTrue(robot.lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
        .anyMatch(c -> "conv1_conv  ·  Conv2D  ·  (112, 112, 64)".equals(c.getText())));
  }

  @Test
  void withoutAnImageSelectingALayerShowsAPlaceholder(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    assertEquals(LayersView.NO_ANALYSIS, message(robot));
    select(robot, HIDDEN);
    assertEquals(LayersView.NO_ANALYSIS, message(robot));
    assertNull(image(robot).getImage());
    assertTrue(calls.isEmpty());
    assertTrue(view.currentImage().isEmpty());
  }

  @Test
  void computesAMissingLayerOncePerAnalysisAndShowsItsMosaic(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(1)));
    assertEquals(LayersView.NO_LAYER, message(robot));

    select(robot, HIDDEN);
    assertEquals(List.of(HIDDEN), calls);
    Mosaic expected = FeatureMosaic.render(ViewFixtures.activationOf(HIDDEN, 1), vm.mosaicOptionsProperty().get());
    assertEquals(expected.raster().width(), image(robot).getImage().getWidth());
    assertEquals(expected.raster().height(), image(robot).getImage().getHeight());
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(expected.raster(), exported.raster());
    assertEquals(HIDDEN + ".png", exported.suggestedFileName());
    assertEquals(HIDDEN, exported.metadata().get("Layer"));
    assertEquals("(56, 56, 64)", exported.metadata().get("Shape"));
    assertEquals("all 64", exported.metadata().get("Channels"));
    assertTrue(robot.lookup("#layerInfo").queryAs(Label.class).getText().startsWith(HIDDEN + " · Conv2D"));

    select(robot, "conv1_conv"); // a stage output: already in the analysis
    select(robot, HIDDEN); // cached
    robot.interact(() -> vm.mosaicOptionsProperty().set(vm.mosaicOptionsProperty().get().withMaps(4)));
    assertEquals(List.of(HIDDEN), calls, "one call per layer per analysis");
    assertEquals(FeatureMosaic.render(ViewFixtures.activationOf(HIDDEN, 1), vm.mosaicOptionsProperty().get())
        .raster(), view.currentImage().orElseThrow().raster(), "new options re-render the cached activation");

    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(2)));
    assertEquals(List.of(HIDDEN, HIDDEN), calls, "a new image clears the cache");
    assertEquals(1, view.cachedLayers());
    assertTrue(errors.isEmpty());
  }

  @Test
  void layersTheAnalysisAlreadyHasNeedNoComputation(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    Analysis analysis = ViewFixtures.analysis(1);
    robot.interact(() -> vm.setAnalysis(analysis));
    select(robot, "conv4_block6_out");
    assertTrue(calls.isEmpty());
    assertEquals(FeatureMosaic.render(analysis.activations().get("conv4_block6_out"),
        vm.mosaicOptionsProperty().get()).raster(), view.currentImage().orElseThrow().raster());
  }

  @Test
  void vectorsShowAsAGridOfTheirValuesNotAFailure(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    Analysis analysis = ViewFixtures.analysis(1);
    robot.interact(() -> vm.setAnalysis(analysis));
    select(robot, "predictions");
    Tensor predictions = analysis.activations().get("predictions");
    Raster expected = ChannelView.of(predictions.reshape(25, 40, 1), 0).render(512 / 40, Colormap.VIRIDIS);
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(expected, exported.raster());
    assertEquals("predictions.png", exported.suggestedFileName());
    assertEquals(expected.width(), image(robot).getImage().getWidth());

    select(robot, "avg_pool"); // [2048], computed on demand
    assertEquals(List.of("avg_pool"), calls);
    assertEquals(64 * 8, view.currentImage().orElseThrow().raster().width());
    assertTrue(errors.isEmpty());
  }

  @Test
  void vectorGridsAreTheNearestToSquareExactFit() {
    assertArrayEquals(new int[] {32, 64}, LayersView.vectorGrid(2048));
    assertArrayEquals(new int[] {25, 40}, LayersView.vectorGrid(1000));
    assertArrayEquals(new int[] {8, 8}, LayersView.vectorGrid(64));
    assertArrayEquals(new int[] {1, 7}, LayersView.vectorGrid(7));
    assertArrayEquals(new int[] {1, 1}, LayersView.vectorGrid(1));
  }

  @Test
  void theInputLayerShowsThePictureTheModelReceived(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    Analysis analysis = ViewFixtures.analysis(1);
    robot.interact(() -> vm.setAnalysis(analysis));
    select(robot, "input_1");
    assertTrue(calls.isEmpty());
    var input = analysis.input().image();
    assertEquals(Raster.ofRgb(224, 224, input.pixels()), view.currentImage().orElseThrow().raster());
    assertEquals(224, image(robot).getImage().getWidth());
  }

  @Test
  void aProgressIndicatorShowsWhileALayerIsComputed(FxRobot robot) {
    ManualTaskRunner slow = new ManualTaskRunner(true);
    MainViewModel other = new MainViewModel();
    robot.interact(() -> {
      LayersView v = new LayersView(other, slow, onDemand, errors::add);
      other.setNetwork(ViewFixtures.network());
      other.setAnalysis(ViewFixtures.analysis(1));
      ProgressIndicator progress = (ProgressIndicator) lookupIn(v, "#layerProgress");
      @SuppressWarnings("unchecked")
      ListView<Layer> layers = (ListView<Layer>) lookupIn(v, "#layersList");
      layers.getSelectionModel().select(20);
      assertTrue(progress.isVisible());
      assertEquals(1, slow.pendingCount());
      slow.runAll();
      assertFalse(progress.isVisible());
      assertTrue(v.currentImage().isPresent());
    });
  }

  @Test
  void onDemandFailuresReachTheErrorSinkAndTheScreen(FxRobot robot) {
    MainViewModel other = new MainViewModel();
    List<Throwable> seen = new ArrayList<>();
    robot.interact(() -> {
      // The default computation: with no analyzer running it fails with a plain message.
      LayersView v = new LayersView(other, TaskRunner.direct(), OnDemandLayers.using(other), seen::add);
      other.setNetwork(ViewFixtures.network());
      other.setAnalysis(ViewFixtures.analysis(1));
      @SuppressWarnings("unchecked")
      ListView<Layer> layers = (ListView<Layer>) lookupIn(v, "#layersList");
      layers.getSelectionModel().select(20);
      assertEquals(1, seen.size());
      assertTrue(seen.get(0) instanceof IllegalStateException);
      Label message = (Label) lookupIn(v, "#layerMessage");
      assertTrue(message.isVisible());
      assertTrue(message.getText().startsWith("Could not show this layer: The model is not running yet"),
          message.getText());
      assertTrue(v.currentImage().isEmpty());
    });
  }

  /** A node of a view that is on no stage: a SplitPane's items become children only once it has a skin. */
  private static javafx.scene.Node lookupIn(LayersView v, String id) {
    return ((javafx.scene.control.SplitPane) v.tab().getContent()).getItems().stream()
        .map(n -> n.lookup(id)).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
  }
}
