package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridImage;
import org.convlens.viz.FilterGridLayout;
import org.convlens.viz.FilterNormalization;
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

  @Test
  void aRenderingFailureReachesTheErrorSinkAndTheScreen(FxRobot robot) {
    // Every real network renders, so the runner reports the failure a render would.
    MainViewModel other = new MainViewModel();
    List<Throwable> seen = new ArrayList<>();
    TaskRunner failing = new TaskRunner() {
      @Override
      public <T> Handle submit(String title, Work<T> work, java.util.function.Consumer<? super T> ok,
          java.util.function.Consumer<Throwable> fail) {
        fail.accept(new IllegalStateException("out of memory drawing filters"));
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
