package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.convlens.model.ActivationFunction;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.Window;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridImage;
import org.convlens.viz.FilterGridLayout;
import org.convlens.viz.FilterKernel;
import org.convlens.viz.FilterNormalization;
import org.convlens.viz.FilterPage;
import org.convlens.viz.Rect;
import org.convlens.viz.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class FiltersViewTest {
  private final MainViewModel vm = new MainViewModel();
  private final List<Throwable> errors = new ArrayList<>();
  private FiltersView view;
  private static Network mobileNet;

  /** The bundled MobileNet v1 0.25 (conv1, then conv_dw_N depthwise and conv_pw_N 1x1), read without TensorFlow. */
  private static synchronized Network mobileNet() throws Exception {
    if (mobileNet == null) {
      mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet());
    }
    return mobileNet;
  }

  @Start
  void start(Stage stage) {
    view = new FiltersView(vm, TaskRunner.direct(), errors::add);
    stage.setScene(new Scene(new TabPane(view.tab()), 1100, 750));
    stage.show();
  }

  private ImageView image(FxRobot robot) {
    return robot.lookup("#filtersImage").queryAs(ImageView.class);
  }

  private FilterGridImage expectedGrid() {
    return FilterGrid.render(ViewFixtures.network().firstConvKernel(), vm.filterOptionsProperty().get());
  }

  @Test
  void withoutANetworkShowsAPlaceholderAndNoImage(FxRobot robot) {
    assertNull(image(robot).getImage());
    assertTrue(robot.lookup(l -> l instanceof Label label && label.isVisible()
        && label.getText().contains("once the model's weights are read")).tryQuery().isPresent());
    assertTrue(view.currentImage().isEmpty());
  }

  private ScrollPane scroll(FxRobot robot) {
    return robot.lookup("#filtersScroll").queryAs(ScrollPane.class);
  }

  private String zoomLabel(FxRobot robot) {
    return robot.lookup("#filtersZoomLevel").queryAs(Label.class).getText();
  }

  @Test
  void opensAtTheLargestWholeZoomThatShowsTheWholeGridWithoutSmoothing(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    FilterGridImage grid = expectedGrid();
    ImageView image = image(robot);
    assertEquals(grid.raster().width(), image.getImage().getWidth());
    assertEquals(grid.raster().height(), image.getImage().getHeight());
    Bounds viewport = scroll(robot).getViewportBounds();
    double zoom = image.getFitWidth() / grid.raster().width();
    assertEquals(Math.rint(zoom), zoom, "a whole factor: every weight the same size");
    assertTrue(zoom >= 1);
    assertTrue(image.getFitWidth() <= viewport.getWidth() && image.getFitHeight() <= viewport.getHeight(),
        "the whole grid is visible at " + zoom + "x in " + viewport);
    assertTrue((zoom + 1) * grid.raster().width() > viewport.getWidth()
        || (zoom + 1) * grid.raster().height() > viewport.getHeight(), "and one step more would not fit");
    assertEquals(String.format("%.0f%%", zoom * 100), zoomLabel(robot));
    assertFalse(image.isSmooth());

    robot.clickOn("#filtersZoomIn");
    assertEquals((zoom + 1) * grid.raster().width(), image.getFitWidth());
    assertFalse(image.isSmooth(), "enlarged weights stay sharp squares");
    for (int i = 0; i < 10; i++) {
      robot.clickOn("#filtersZoomOut");
    }
    assertEquals(grid.raster().width(), image.getFitWidth(), "integer zoom stops at 1");
    robot.clickOn("#filtersZoomFit");
    assertEquals(zoom * grid.raster().width(), image.getFitWidth());
  }

  @Test
  void aWindowSmallerThanTheGridFitsItWithAFractionalSmoothedZoom(FxRobot robot) throws Exception {
    // A window of its own: resizing the shared test stage upsets Monocle's later clicks.
    MainViewModel other = new MainViewModel();
    Stage small = WaitForAsyncUtils.asyncFx(() -> {
      Stage s = new Stage();
      s.setScene(new Scene(new TabPane(new FiltersView(other, TaskRunner.direct(), errors::add).tab()), 420, 360));
      s.show();
      return s;
    }).get();
    robot.interact(() -> other.setNetwork(ViewFixtures.network()));
    try {
      ImageView image = (ImageView) small.getScene().lookup("#filtersImage");
      Bounds viewport = ((ScrollPane) small.getScene().lookup("#filtersScroll")).getViewportBounds();
      assertTrue(image.getFitWidth() < image.getImage().getWidth(), "shrunk below 1x");
      assertTrue(image.getFitWidth() <= viewport.getWidth() + 0.5 && image.getFitHeight() <= viewport.getHeight() + 0.5,
          image.getFitWidth() + " x " + image.getFitHeight() + " in " + viewport);
      assertTrue(image.isSmooth(), "shrinking averages instead of dropping weights");
    } finally {
      robot.interact(small::close);
    }
  }

  @Test
  void theWindowsZoomActionsReachTheGrid(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    ImageView image = image(robot);
    double width = image.getImage().getWidth();
    double fitted = image.getFitWidth();
    robot.interact(view::zoomIn);
    assertEquals(fitted + width, image.getFitWidth());
    assertEquals(String.format("%.0f%%", 100 * (fitted + width) / width), zoomLabel(robot));
    robot.interact(view::zoomIn);
    robot.interact(view::zoomOut);
    assertEquals(fitted + width, image.getFitWidth());
    robot.interact(view::zoomToFit);
    assertEquals(fitted, image.getFitWidth());
    assertFalse(view.selectSubTab(1), "the Filters tab has no sub-tabs");
  }

  @Test
  void legendSaysWhatColoursMeanAndWarnsAboutUntrainedWeights(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    String legend = robot.lookup("#filtersLegend").queryAs(Label.class).getText();
    assertTrue(legend.contains("conv1_conv (7, 7, 3, 64)"), legend);
    assertTrue(legend.contains("dark = small or negative weight"), legend);
    assertTrue(legend.contains("kernel min-max, gray"), legend);
    Label untrained = robot.lookup("#filtersUntrained").queryAs(Label.class);
    assertTrue(untrained.isVisible());
    assertTrue(untrained.getText().startsWith("Untrained weights"), untrained.getText());
  }

  @Test
  void hoveringACellNamesTheFilterChannelAndTheFiltersRange(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    FilterGridLayout layout = expectedGrid().layout();
    Tensor kernel = ViewFixtures.network().firstConvKernel();
    Statistics.Summary filter3 = Statistics.summarize(kernel.data(), 3, 64, 7 * 7 * 3);

    robot.moveTo(screenPoint(robot, layout.bounds(3, 1)));
    assertEquals(String.format("filter 3, channel G: min %.2f, max %.2f", filter3.min(), filter3.max()),
        robot.lookup("#filtersHover").queryAs(Label.class).getText());

    robot.moveTo(screenPoint(robot, layout.bounds(2, FilterGridLayout.Cell.COLOUR)));
    assertTrue(robot.lookup("#filtersHover").queryAs(Label.class).getText().startsWith("filter 2, colour: "));
  }

  /** The centre of a grid cell on screen, through the view's zoom. */
  private Point2D screenPoint(FxRobot robot, Rect cell) {
    ImageView image = image(robot);
    double zoom = image.getFitWidth() / image.getImage().getWidth();
    return image.localToScreen((cell.x() + cell.width() / 2.0) * zoom, (cell.y() + cell.height() / 2.0) * zoom);
  }

  @Test
  void theNormalisationChoiceAndTheViewModelStayInStepAndReRender(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    @SuppressWarnings("unchecked")
    ComboBox<FilterNormalization> combo = robot.lookup("#filtersNormalization").queryAs(ComboBox.class);
    assertEquals(FilterNormalization.GLOBAL, combo.getValue());
    var before = view.currentImage().orElseThrow().raster();

    robot.interact(() -> combo.setValue(FilterNormalization.SYMMETRIC));
    assertEquals(FilterNormalization.SYMMETRIC, vm.filterOptionsProperty().get().normalization());
    var after = view.currentImage().orElseThrow();
    assertNotEquals(before, after.raster());
    assertEquals(expectedGrid().raster(), after.raster());
    assertEquals("symmetric around zero, diverging", after.metadata().get("Normalisation"));

    robot.interact(() -> vm.filterOptionsProperty().set(vm.filterOptionsProperty().get()
        .withNormalization(FilterNormalization.PER_FILTER)));
    assertEquals(FilterNormalization.PER_FILTER, combo.getValue());
    assertTrue(robot.lookup("#filtersLegend").queryAs(Label.class).getText().contains("per-filter min-max"));
  }

  @Test
  void currentImageIsTheFullResolutionGridWithItsProvenance(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(3)));
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(expectedGrid().raster(), exported.raster());
    assertEquals("filters-conv1_conv.png", exported.suggestedFileName());
    assertEquals("ConvLens " + org.convlens.Versions.load().app(), exported.metadata().get("Software")); // the version is the pom's
    assertEquals("resnet50v2", exported.metadata().get("Model"));
    assertEquals("conv1_conv", exported.metadata().get("Layer"));
    assertEquals("kernel min-max, gray", exported.metadata().get("Normalisation"));
    assertEquals("gray", exported.metadata().get("Colormap"));
    assertTrue(exported.metadata().get("Weights").contains("untrained"), exported.metadata().get("Weights"));
    assertFalse(exported.metadata().containsKey("Source image"), "filters do not depend on the image");
  }

  // ---- any conv layer (issue 10) -------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private ComboBox<KernelChoice> layers(FxRobot robot) {
    return robot.lookup("#filtersLayer").queryAs(ComboBox.class);
  }

  private void choose(FxRobot robot, String name) {
    ComboBox<KernelChoice> combo = layers(robot);
    robot.interact(() -> combo.setValue(combo.getItems().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not listed"))));
  }

  private FilterGridImage shown() {
    return view.shownGrid().orElseThrow();
  }

  private String legend(FxRobot robot) {
    return robot.lookup("#filtersLegend").queryAs(Label.class).getText();
  }

  @Test
  void theChooserListsEveryConvLayerInOrderWithTheFirstSelected(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(net));
    List<String> convs = net.graph().layers().stream()
        .filter(l -> l.config() instanceof Convolutions.Conv2D || l.config() instanceof Convolutions.DepthwiseConv2D)
        .map(Layer::name).toList();
    List<String> listed = layers(robot).getItems().stream().map(KernelChoice::name).toList();
    assertEquals(convs, listed);
    assertEquals(List.of("conv1", "conv_dw_1", "conv_pw_1", "conv_dw_2"), listed.subList(0, 4));
    assertEquals(1 + 13 + 13 + 1, listed.size(), "conv1, 13 depthwise, 13 pointwise and the conv_preds head");
    assertEquals("conv1", layers(robot).getValue().name());
    assertTrue(legend(robot).startsWith("conv1 (3, 3, 3, 8) Conv2D: 8 filters (rows) × 3 input channels"),
        legend(robot));
    assertTrue(shown().layout().colourColumn(), "the first layer sees RGB: it has the colour view");
  }

  @Test
  void aDepthwiseLayerShowsOneColumnPerChannel(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(net));
    choose(robot, "conv_dw_2");
    Tensor kernel = net.weights("conv_dw_2").get(0);
    assertArrayEquals(new int[] {3, 3, 16, 1}, kernel.shape());
    FilterGridLayout layout = shown().layout();
    assertEquals(16, layout.channels(), "one column per input channel");
    assertEquals(1, layout.filters(), "one row per depth multiplier");
    assertFalse(layout.colourColumn());
    assertEquals(27, layout.cellWidth(), "each channel's 3x3 kernel, 9 px per weight");
    assertEquals(layout.width(), (int) image(robot).getImage().getWidth());
    assertEquals(layout.height(), (int) image(robot).getImage().getHeight());
    assertTrue(legend(robot).contains("one 3×3 kernel per input channel: 16 channels (columns) × depth multiplier 1"),
        legend(robot));
    assertFalse(robot.lookup("#filtersPaging").query().isVisible(), "16 channels fit on one page");

    Statistics.Summary channel5 = Statistics.summarize(kernel.data(), 5, 16, 9);
    robot.moveTo(screenPoint(robot, layout.bounds(0, 5)));
    assertEquals(String.format("channel 5, multiplier 0: min %.2f, max %.2f", channel5.min(), channel5.max()),
        robot.lookup("#filtersHover").queryAs(Label.class).getText());
  }

  @Test
  void aOneByOneLayerIsAFiltersByChannelsHeatGrid(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(net));
    choose(robot, "conv_pw_1");
    FilterGridLayout layout = shown().layout();
    assertEquals(16, layout.filters());
    assertEquals(8, layout.channels());
    assertEquals(0, layout.separator());
    assertEquals(1, layout.blocks());
    assertTrue(legend(robot).contains("1×1 kernels: one square per weight"), legend(robot));
  }

  @Test
  void aBigLayerIsShownAPageAtATimeAndTheMessageSaysSo(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    choose(robot, "conv5_block1_2_conv"); // 3x3, 512 filters x 512 channels
    FilterGridImage grid = shown();
    assertEquals(new FilterPage(0, 64, 0, 64), grid.page());
    assertEquals(64, grid.layout().filters());
    assertEquals(64, grid.layout().channels());
    assertTrue((long) grid.raster().width() * grid.raster().height() <= FilterPage.MAX_PIXELS);
    Label page = robot.lookup("#filtersPage").queryAs(Label.class);
    assertTrue(robot.lookup("#filtersPaging").query().isVisible());
    assertTrue(page.getText().startsWith("showing 64 of 512 filters × 64 of 512 channels"), page.getText());
    assertTrue(robot.lookup("#filtersPreviousFilters").query().isDisabled());

    robot.clickOn("#filtersNextFilters");
    robot.clickOn("#filtersNextChannels");
    robot.clickOn("#filtersNextChannels");
    assertEquals(new FilterPage(64, 64, 128, 64), shown().page());
    assertTrue(page.getText().endsWith("(filters 65-128, channels 129-192)"), page.getText());
    // The page is the whole kernel's rows 64-127 x columns 128-191, scaled like the whole kernel.
    FilterKernel kernel = FilterKernel.conv(ViewFixtures.network().weights("conv5_block1_2_conv").get(0));
    assertEquals(FilterGrid.render(kernel, vm.filterOptionsProperty().get(), shown().page()).raster(),
        shown().raster());
    assertEquals(page.getText(), view.currentImage().orElseThrow().metadata().get("Part shown"));

    choose(robot, "conv1_conv");
    assertFalse(robot.lookup("#filtersPaging").query().isVisible(), "a new layer starts at its first page");
    assertTrue(shown().page().coversAll(FilterKernel.conv(ViewFixtures.network().firstConvKernel())));
  }

  @Test
  void pagesAreDrawnOnTheTaskPoolAndQuickClicksAddUp(FxRobot robot) throws Exception {
    ManualTaskRunner pool = new ManualTaskRunner(true);
    MainViewModel other = new MainViewModel();
    FiltersView paged = WaitForAsyncUtils.asyncFx(() -> new FiltersView(other, pool, errors::add)).get();
    robot.interact(() -> {
      other.setNetwork(ViewFixtures.network());
      pool.runAll();
      ComboBox<KernelChoice> combo = findLayers(paged);
      combo.setValue(combo.getItems().stream().filter(c -> c.name().equals("conv5_block1_2_conv")).findFirst()
          .orElseThrow());
    });
    assertEquals(List.of("Drawing the filters of conv5_block1_2_conv"), pool.titles(),
        "drawn in the background, not on the JavaFX thread");
    assertEquals(3, paged.shownGrid().orElseThrow().layout().channels(), "conv1_conv stays until the new grid is drawn");
    robot.interact(() -> {
      pool.runAll();
      Button next = (Button) paged.tab().getContent().lookup("#filtersNextFilters");
      next.fire();
      next.fire(); // before the first page is drawn
      assertEquals(2, pool.pendingCount());
      pool.runAll();
    });
    assertEquals(new FilterPage(128, 64, 0, 64), paged.shownGrid().orElseThrow().page());
    assertEquals(List.of(), errors);
  }

  @SuppressWarnings("unchecked")
  private static ComboBox<KernelChoice> findLayers(FiltersView v) {
    return (ComboBox<KernelChoice>) v.tab().getContent().lookup("#filtersLayer");
  }

  @Test
  void aModelSwitchListsTheNewModelsLayersAndStartsAtItsFirstConv(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    choose(robot, "conv4_block2_2_conv");
    robot.interact(() -> vm.setNetwork(net));
    assertEquals("conv1", layers(robot).getValue().name());
    assertEquals(8, shown().layout().filters());
    assertTrue(layers(robot).getItems().stream().noneMatch(c -> c.layer().startsWith("conv4_")));
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    assertEquals("conv1_conv", layers(robot).getValue().name());
    assertEquals(64, shown().layout().filters());
  }

  @Test
  void typingALayersNameSelectsIt(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(net));
    robot.interact(() -> layers(robot).requestFocus());
    robot.write("conv_pw_1");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> layers(robot).getValue().name().equals("conv_pw_1"));
    WaitForAsyncUtils.waitForFxEvents(); // the value is seen from this thread before its listener has drawn it
    assertEquals(16, shown().layout().filters(), "conv_pw_1 (1, 1, 8, 16) is drawn");
  }

  @Test
  void theExportNamesCarryTheChosenLayer(FxRobot robot) throws Exception {
    Network net = mobileNet();
    robot.interact(() -> vm.setNetwork(net));
    choose(robot, "conv_dw_3");
    ViewImage png = view.currentImage().orElseThrow();
    assertEquals("filters-conv_dw_3.png", png.suggestedFileName());
    assertEquals("conv_dw_3", png.metadata().get("Layer"));
    assertEquals("DepthwiseConv2D", png.metadata().get("Layer type"));
    assertEquals(shown().raster(), png.raster());
    LayerKernel npy = view.currentKernel().orElseThrow();
    assertEquals("conv_dw_3-kernel.npy", npy.suggestedFileName());
    assertSame(net.weights("conv_dw_3").get(0), npy.kernel(), "the whole kernel as Keras stores it");
  }

  /** Input 16x16x3 -> conv (8) -> grouped (8, groups 4) -> sep (separable, 16) -> up (transposed, 4) -> dense. */
  private static Network mixedConvolutions() {
    LayerGraph graph = new LayerGraph("mixed", List.of(
        new Layer("input", new LayerConfig.Input(16, 16, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(8, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("input")),
        new Layer("grouped", new Convolutions.Conv2D(8, Window.square(3, 1, LayerConfig.Padding.SAME), 4, true,
            ActivationFunction.LINEAR), List.of("conv")),
        new Layer("sep", new Convolutions.SeparableConv2D(16, Window.square(3, 1, LayerConfig.Padding.SAME), 1,
            true, ActivationFunction.LINEAR), List.of("grouped")),
        new Layer("up", new Convolutions.Conv2DTranspose(4, Window.square(2, 2, LayerConfig.Padding.VALID), true,
            ActivationFunction.LINEAR), List.of("sep"))));
    return Network.bind(graph, UntrainedWeights.generate(graph, 7), WeightsOrigin.untrained(7));
  }

  @Test
  void groupedSeparableAndTransposedConvolutionsAreListedAndLabelled(FxRobot robot) {
    Network net = mixedConvolutions();
    robot.interact(() -> vm.setNetwork(net));
    assertEquals(List.of("conv", "grouped", "sep (depthwise)", "sep (pointwise)", "up"),
        layers(robot).getItems().stream().map(KernelChoice::name).toList());

    choose(robot, "grouped");
    assertTrue(legend(robot).contains("groups: 4, each filter sees 2 of 8 channels"), legend(robot));
    FilterGridLayout layout = shown().layout();
    assertEquals(8, layout.filters());
    assertEquals(2, layout.channels(), "the channels of the filter's group");
    Statistics.Summary filter7 = Statistics.summarize(net.weights("grouped").get(0).data(), 7, 8, 3 * 3 * 2);
    robot.moveTo(screenPoint(robot, layout.bounds(7, 1)));
    assertEquals(String.format("filter 7 (group 3), channel 7: min %.2f, max %.2f", filter7.min(), filter7.max()),
        robot.lookup("#filtersHover").queryAs(Label.class).getText());

    choose(robot, "sep (pointwise)");
    assertEquals(16, shown().layout().filters());
    assertEquals("filters-sep-pointwise.png", view.currentImage().orElseThrow().suggestedFileName());
    choose(robot, "up");
    assertEquals(4, shown().layout().filters(), "a transposed kernel's filters are its third axis");
    assertEquals(16, shown().layout().channels());
  }

  @Test
  void aModelWithoutConvolutionsSaysSo(FxRobot robot) {
    LayerGraph graph = new LayerGraph("dense", List.of(
        new Layer("input", new LayerConfig.Input(4, 4, 3), List.of()),
        new Layer("flat", new org.convlens.model.Reshaping.Flatten(), List.of("input")),
        new Layer("out", new CoreLayers.Dense(2, ActivationFunction.LINEAR), List.of("flat"))));
    Network net = Network.bind(graph, UntrainedWeights.generate(graph, 1), WeightsOrigin.untrained(1));
    robot.interact(() -> vm.setNetwork(net));
    assertTrue(layers(robot).getItems().isEmpty());
    assertTrue(view.currentImage().isEmpty());
    assertTrue(robot.lookup(l -> l instanceof Label label && label.isVisible()
        && label.getText().contains("no convolution layer")).tryQuery().isPresent());
    assertEquals(List.of(), errors);
  }

  @Test
  void aRenderingFailureReachesTheErrorSinkAndTheScreen(FxRobot robot) {
    // Every real network renders, so the runner reports the failure a render would.
    MainViewModel other = new MainViewModel();
    List<Throwable> seen = new ArrayList<>();
    TaskRunner failing = new TaskRunner() {
      @Override
      public <T> Handle submit(String title, Work<T> work, java.util.function.Consumer<? super T> ok,
          java.util.function.Consumer<Throwable> fail) {
        // Not one of the exceptions that mean a bug, whose words a view does not show (ViewText.message).
        fail.accept(new RuntimeException("out of memory drawing filters"));
        return TaskRunner.direct().submit(title, p -> null, r -> {}, e -> {});
      }
    };
    robot.interact(() -> {
      FiltersView broken = new FiltersView(other, failing, seen::add);
      other.setNetwork(ViewFixtures.network());
      assertEquals(1, seen.size());
      assertTrue(broken.currentImage().isEmpty());
      assertTrue(broken.tab().getContent().lookupAll(".convlens-placeholder").stream()
          .anyMatch(n -> ((Label) n).getText().equals("Could not draw the filters: out of memory drawing filters")));
    });
    WaitForAsyncUtils.waitForFxEvents();
  }
}
