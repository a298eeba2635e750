package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.convlens.model.ImageNetClasses;
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
import org.testfx.util.WaitForAsyncUtils;

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

  private String zoomLabel(FxRobot robot) {
    return robot.lookup("#layerZoomLevel").queryAs(Label.class).getText();
  }

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
  void hoveringThePredictionsNamesTheClassOfEachUnit(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    Analysis analysis = ViewFixtures.analysis(1);
    robot.interact(() -> vm.setAnalysis(analysis));
    select(robot, "predictions");
    // 1000 units as 25 rows of 40, 12 px each: unit 600 is row 15, column 0.
    robot.moveTo(screenPoint(robot, 6, 15 * 12 + 6));
    float p600 = analysis.activations().get("predictions").data()[600];
    assertEquals(String.format("unit 600 (%s): %.4g", ImageNetClasses.load().label(600), p600),
        robot.lookup("#layerHover").queryAs(Label.class).getText());
    assertTrue(robot.lookup("#layerHover").queryAs(Label.class).getText().startsWith("unit 600 (hook)"));

    select(robot, "avg_pool"); // a vector that is not the class output: no names
    robot.moveTo(screenPoint(robot, 3, 3));
    assertTrue(robot.lookup("#layerHover").queryAs(Label.class).getText().matches("unit 0: .*"),
        robot.lookup("#layerHover").queryAs(Label.class).getText());
  }

  /** Raster pixel (x, y) of the picture on screen, through the zoom. */
  private Point2D screenPoint(FxRobot robot, double x, double y) {
    ImageView image = image(robot);
    double zoom = image.getFitWidth() / image.getImage().getWidth();
    return image.localToScreen(x * zoom, y * zoom);
  }

  @Test
  void aChosenLayerOpensFittedAndTheZoomActionsScaleIt(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(1)));
    select(robot, HIDDEN); // 64 maps of 56 x 56: larger than the pane at 100%
    ImageView image = image(robot);
    Bounds viewport = robot.lookup("#layerScroll").queryAs(ScrollPane.class).getViewportBounds();
    assertTrue(image.getFitWidth() <= viewport.getWidth() + 1 && image.getFitHeight() <= viewport.getHeight() + 1,
        image.getFitWidth() + " x " + image.getFitHeight() + " in " + viewport);
    assertTrue(Math.abs(image.getFitWidth() - viewport.getWidth()) < 1
        || Math.abs(image.getFitHeight() - viewport.getHeight()) < 1, "fills the pane one way");
    double fitted = image.getFitWidth() / image.getImage().getWidth();
    assertEquals(String.format("%.0f%%", fitted * 100), zoomLabel(robot));

    robot.interact(view::zoomIn);
    double zoomed = image.getFitWidth() / image.getImage().getWidth();
    assertTrue(zoomed > fitted);
    assertEquals(String.format("%.0f%%", zoomed * 100), zoomLabel(robot));
    robot.interact(() -> vm.mosaicOptionsProperty().set(vm.mosaicOptionsProperty().get().withMaps(16)));
    assertEquals(zoomed, image.getFitWidth() / image.getImage().getWidth(), 1e-9, "new options keep the zoom");
    robot.interact(view::zoomOut);
    robot.interact(view::zoomToFit);
    Bounds after = robot.lookup("#layerScroll").queryAs(ScrollPane.class).getViewportBounds();
    assertTrue(image.getFitWidth() <= after.getWidth() + 1 && image.getFitHeight() <= after.getHeight() + 1);
    assertFalse(view.selectSubTab(1), "no sub-tabs");
  }

  @Test
  void theFilterBoxNarrowsTheListAndTheShownLayerStays(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(1)));
    select(robot, "conv1_conv");
    robot.clickOn("#layersFilter").write("block6_preact");
    assertEquals(List.of("conv4_block6_preact_bn", "conv4_block6_preact_relu"),
        list(robot).getItems().stream().map(Layer::name).toList());
    assertEquals("conv1_conv.png", view.currentImage().orElseThrow().suggestedFileName(),
        "the layer shown stays while the filter hides it");

    robot.interact(() -> robot.lookup("#layersFilter").queryAs(TextField.class).setText("BatchNorm"));
    assertTrue(list(robot).getItems().stream().allMatch(l -> l.type().equals("BatchNormalization")));
    assertFalse(list(robot).getItems().isEmpty(), "matches the type too");

    robot.interact(() -> robot.lookup("#layersFilter").queryAs(TextField.class).setText("zzz"));
    assertTrue(list(robot).getItems().isEmpty());
    assertTrue(robot.lookup(n -> n instanceof Label l && l.isVisible() && "No layer matches 'zzz'".equals(l.getText()))
        .tryQuery().isPresent());

    robot.interact(() -> robot.lookup("#layersFilter").queryAs(TextField.class).setText(""));
    assertEquals(ViewFixtures.network().graph().layers().size(), list(robot).getItems().size());
    assertEquals("conv1_conv", list(robot).getSelectionModel().getSelectedItem().name(), "still marked");
  }

  @Test
  void longLayerNamesHaveTheirFullTextInATooltip(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    ListCell<?> cell = robot.lookup(".list-cell").queryAllAs(ListCell.class).stream()
        .filter(c -> c.getText() != null && c.getText().startsWith("conv1_conv ")).findFirst().orElseThrow();
    assertEquals(cell.getText(), cell.getTooltip().getText());
  }

  @Test
  void theListKeepsItsWidthAfterTheWindowIsShrunkAndEnlarged(FxRobot robot) throws Exception {
    // A window of its own: resizing the shared test stage upsets Monocle's later clicks.
    MainViewModel other = new MainViewModel();
    Stage window = WaitForAsyncUtils.asyncFx(() -> {
      Stage s = new Stage();
      s.setScene(new Scene(new TabPane(new LayersView(other, TaskRunner.direct(), onDemand, errors::add).tab()),
          1400, 800));
      s.show();
      return s;
    }).get();
    try {
      robot.interact(() -> other.setNetwork(ViewFixtures.network()));
      Node listNode = window.getScene().lookup("#layersList");
      Node picture = window.getScene().lookup("#layerScroll");
      assertEquals(LayersView.LIST_WIDTH, listWidth(listNode), 20, "wide enough for names, type and shape");

      resize(robot, window, 500);
      assertTrue(listWidth(listNode) >= LayersView.LIST_MIN_WIDTH - 20, "names stay readable: " + listWidth(listNode));
      assertTrue(picture.getLayoutBounds().getWidth() >= LayersView.PICTURE_MIN_WIDTH - 40,
          "and the picture keeps room: " + picture.getLayoutBounds().getWidth());

      resize(robot, window, 1400);
      assertEquals(LayersView.LIST_WIDTH, listWidth(listNode), 20, "back to its width, not squeezed or stretched");
    } finally {
      robot.interact(window::close);
    }
  }

  /** The list pane's width: the list plus the filter box above it. */
  private static double listWidth(Node list) {
    return list.getParent().getLayoutBounds().getWidth();
  }

  private static void resize(FxRobot robot, Stage window, double width) throws Exception {
    robot.interact(() -> window.setWidth(width));
    WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> window.getScene().getWidth() == width);
    WaitForAsyncUtils.waitForFxEvents();
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
    select(robot, "input_layer");
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
      assertTrue(seen.get(0) instanceof org.convlens.inference.InferenceException);
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
