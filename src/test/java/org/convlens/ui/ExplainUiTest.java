package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.stage.Stage;
import org.convlens.explain.Method;
import org.convlens.export.PngText;
import org.convlens.model.Prediction;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.ui.views.CompareView;
import org.convlens.ui.views.ViewImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Explaining in the real window with the bundled trained MobileNet (offline, small) and the cat. The Explain tab:
 * the top class's map after an image loads, a click on another class bar, saliency, opacity and the PNG export;
 * the channel viewer's "what excites this channel", and its cancel; the Compare tab's two images and trained
 * vs untrained weights, with their exports. One window for the class, so the model loads
 * once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainUiTest {
  private static final int MODEL_WAIT = 120;
  private static final int EGYPTIAN_CAT = 285;

  private Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;
  private MainViewModel vm;

  @BeforeAll
  void openWindow() throws Exception {
    temp = Files.createTempDirectory("convlens-explain-test");
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    AppContext context = UiTestSupport.context(temp.resolve("config"),
        new WeightsLocator(List.of(temp.resolve("no-weights"))), new WeightsChoice.Bundled());
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(new Stage(), context, tasks);
      window.show();
    });
    vm = window.controller().viewModel();
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);
    // A tab's nodes join the scene when it is first selected; the tests below look them up from any tab.
    runFx(() -> {
      window.selectTab("Explain");
      window.selectTab("Feature maps");
    });
  }

  @AfterAll
  void closeWindow() throws Exception {
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  /** Every test starts from Grad-CAM of the top class on the Explain tab. */
  @BeforeEach
  void gradCamOfTheTopClass() throws Exception {
    runFx(() -> {
      window.selectTab("Feature maps");
      method().setValue(Method.GRADCAM);
      vm.requestClass(vm.getAnalysis().predictions().get(0).classIndex());
    });
    waitFor(60, () -> classText().contains("(class " + EGYPTIAN_CAT + ")") && classText().contains("Grad-CAM"));
  }

  @Test
  void theTabShowsTheTopClassesMapAfterAnImageLoads() throws Exception {
    try {
      runFx(() -> window.controller().openImage(UiTestSupport.SAMPLES.resolve("coffee.png")));
      waitFor(60, () -> vm.getAnalysis().source().endsWith("coffee.png"));
      Prediction top = onFx(() -> vm.getAnalysis().predictions().get(0));
      waitFor(60, () -> classText().startsWith(top.label() + " (class " + top.classIndex() + ")"));
      assertTrue(classText().contains("Grad-CAM at conv_pw_13_relu"), classText());
      assertEquals(vm.getAnalysis().original().width(), (int) image().getWidth(), "the overlay is at the image's size");
    } finally {
      runFx(() -> window.controller().openImage(UiTestSupport.SAMPLES.resolve("chelsea.png")));
      waitFor(60, () -> vm.getAnalysis().source().endsWith("chelsea.png"));
    }
  }

  @Test
  void theChannelViewerShowsWhatExcitesAChannelAndTheFirstChannelsOfItsLayer() throws Exception {
    openChannelViewer();
    runFx(() -> steps().getValueFactory().setValue(4));
    new FxRobot().clickOn("#exciteChannel");
    waitFor(60, () -> exciteImage() != null);
    int inputSize = onFx(() -> vm.getAnalysis().input().image().width());
    assertEquals(inputSize, (int) exciteImage().getWidth(), "one optimised input");
    new FxRobot().clickOn("#exciteLayer");
    waitFor(120, () -> exciteImage() != null && exciteImage().getWidth() > 3 * inputSize);
    assertTrue(onFx(() -> ((Label) lookup("#exciteCaption")).getText()).contains("channels 0 to 15"));
    // The pane grew taller than the window: it scrolls, so the mosaic can be brought into view.
    javafx.scene.control.ScrollPane holder = onFx(() -> {
      Node n = lookup("#channelPane");
      while (!(n instanceof javafx.scene.control.ScrollPane)) {
        n = n.getParent();
      }
      return (javafx.scene.control.ScrollPane) n;
    });
    runFx(() -> holder.setVvalue(holder.getVmax()));
    waitFor(10, () -> {
      Node image = lookup("#exciteImage");
      return image.localToScene(image.getBoundsInLocal()).getMaxY() <= holder.localToScene(holder.getBoundsInLocal())
          .getMaxY() + 1;
    });
  }

  @Test
  void smoothGradWithFewSamplesShowsItsMap() throws Exception {
    runFx(() -> {
      ((javafx.scene.control.Spinner<Integer>) lookup("#explainSamples")).getValueFactory().setValue(2);
      method().setValue(Method.SMOOTHGRAD);
    });
    waitFor(60, () -> classText().contains("SmoothGrad") && classText().contains("(class " + EGYPTIAN_CAT + ")"));
    ViewImage view = onFx(() -> window.selectedView().orElseThrow().currentImage().orElseThrow());
    assertEquals("2", view.metadata().get("Samples"));
  }

  @Test
  void aMaximisationCanBeCancelled() throws Exception {
    openChannelViewer();
    runFx(() -> steps().getValueFactory().setValue(5000));
    new FxRobot().clickOn("#exciteLayer");
    waitFor(30, () -> lookup("#exciteBusy").isVisible());
    new FxRobot().clickOn("#exciteCancel");
    assertEquals("Cancelled.", onFx(() -> ((Label) lookup("#exciteCaption")).getText()));
    assertFalse(onFx(() -> lookup("#exciteBusy").isVisible()));
    Thread.sleep(1500); // a late result of the cancelled work must not appear
    assertEquals(null, exciteImage());
    assertEquals("Cancelled.", onFx(() -> ((Label) lookup("#exciteCaption")).getText()));
  }

  @Test
  void compareShowsTwoImagesSideBySideWithTheirDifferenceAndExportsThem() throws Exception {
    runFx(() -> {
      window.selectTab("Explain");
      ((javafx.scene.control.TabPane) lookup("#explainTabs")).getSelectionModel().select(1);
      compareMode().setValue(CompareView.Mode.IMAGES);
      ((ComboBox<String>) (ComboBox<?>) lookup("#compareSample")).setValue("coffee.png");
    });
    waitFor(60, () -> "coffee.png".equals(text("#compareSecondTitle")));
    assertEquals("chelsea.png", text("#compareFirstTitle"));
    Image a = compareImage("#compareFirst");
    Image b = compareImage("#compareSecond");
    assertEquals(a.getWidth(), b.getWidth());
    assertFalse(Arrays.equals(pixels(a), pixels(b)), "two images, two pictures");
    assertTrue(compareImage("#compareDifference") != null);
    assertExports("Compare: Two images", a);
  }

  @Test
  void compareShowsTheTrainedAndTheUntrainedModelSideBySide() throws Exception {
    runFx(() -> {
      window.selectTab("Explain");
      ((javafx.scene.control.TabPane) lookup("#explainTabs")).getSelectionModel().select(1);
      compareMode().setValue(CompareView.Mode.WEIGHTS);
    });
    waitFor(60, () -> text("#compareSecondTitle").contains("untrained (seed 42)"));
    assertEquals("chelsea.png · trained", text("#compareFirstTitle"));
    Image a = compareImage("#compareFirst");
    assertFalse(Arrays.equals(pixels(a), pixels(compareImage("#compareSecond"))));
    assertExports("Compare: Trained vs untrained", a);
  }

  /** Export current view writes the three pictures side by side, saying what they are. */
  private void assertExports(String view, Image first) throws Exception {
    ViewImage shown = onFx(() -> window.selectedView().orElseThrow().currentImage().orElseThrow());
    Path file = Files.createTempFile(temp, "compare", ".png");
    Files.delete(file);
    runFx(() -> window.export().exportView(shown, file));
    waitFor(30, () -> Files.exists(file));
    Map<String, String> text = PngText.read(file);
    assertEquals(view, text.get("View"));
    assertEquals(onFx(() -> ((ComboBox<?>) lookup("#compareLayer")).getValue()), text.get("Layer"));
    Image png = new Image(file.toUri().toString());
    assertTrue(png.getWidth() > 3 * first.getWidth(), "three mosaics side by side");
  }

  @SuppressWarnings("unchecked")
  private ComboBox<CompareView.Mode> compareMode() {
    return (ComboBox<CompareView.Mode>) lookup("#compareMode");
  }

  private String text(String id) throws Exception {
    return onFx(() -> ((Label) lookup(id)).getText());
  }

  private Image compareImage(String id) throws Exception {
    return onFx(() -> ((ImageView) lookup(id)).getImage());
  }

  /** Feature maps' first stage, a click on its mosaic: the channel viewer opens (with nothing maximised yet). */
  private void openChannelViewer() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    runFx(() -> ((javafx.scene.control.TabPane) lookup("#stageTabs")).getSelectionModel().select(0));
    waitFor(30, () -> ((ImageView) lookup("#mosaicImage-stage1")).getImage() != null);
    runFx(() -> ((javafx.scene.control.Button) lookup("#channelClose")).fire());
    FxRobot robot = new FxRobot();
    // The first tile, at the top left (the mosaic's centre may be scrolled out of sight).
    robot.clickOn(robot.point(lookup("#mosaicImage-stage1")).atPosition(javafx.geometry.Pos.TOP_LEFT)
        .atOffset(new javafx.geometry.Point2D(12, 12)));
    waitFor(10, () -> lookup("#channelPane").isVisible());
    assertEquals(null, exciteImage());
  }

  @SuppressWarnings("unchecked")
  private javafx.scene.control.Spinner<Integer> steps() {
    return (javafx.scene.control.Spinner<Integer>) lookup("#exciteSteps");
  }

  private Image exciteImage() throws Exception {
    return onFx(() -> ((ImageView) lookup("#exciteImage")).getImage());
  }

  @Test
  void clickingAnotherClassBarShowsThatClassInTheExplainTab() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    Prediction second = onFx(() -> vm.getAnalysis().predictions().get(1));
    int[] before = pixels(image());
    new FxRobot().clickOn("#predictionRow1");
    waitFor(60, () -> classText().contains("(class " + second.classIndex() + ")"));
    assertEquals("Explain", onFx(() -> window.tabPane().getSelectionModel().getSelectedItem().getText()));
    assertTrue(classText().startsWith(second.label()), classText());
    assertFalse(Arrays.equals(before, pixels(image())), "another class has another map");
  }

  @Test
  void switchingTheMethodToSaliencyShowsASaliencyMap() throws Exception {
    runFx(() -> method().setValue(Method.SALIENCY));
    waitFor(60, () -> classText().contains("Saliency") && classText().contains("(class " + EGYPTIAN_CAT + ")"));
    assertTrue(onFx(() -> lookup("#explainLayer").isDisabled()), "saliency has no layer to choose");
    // A saliency map is sparse: it is shown stretched, and says so in the legend, its tooltip and the PNG's text.
    assertTrue(classText().contains("stretched to its 99th percentile"), classText());
    assertTrue(onFx(() -> ((Label) lookup("#explainClass")).getTooltip().getText())
        .contains("divided by its 99th percentile, capped at 1"));
    ViewImage view = onFx(() -> window.selectedView().orElseThrow().currentImage().orElseThrow());
    Path file = temp.resolve("saliency.png");
    runFx(() -> window.export().exportView(view, file));
    waitFor(30, () -> Files.exists(file));
    assertEquals("map divided by its 99th percentile, capped at 1", PngText.read(file).get("Display"));
  }

  @Test
  void theOpacityChangesThePicture() throws Exception {
    int[] before = pixels(image());
    runFx(() -> ((Slider) lookup("#explainOpacity")).setValue(0.1));
    waitFor(30, () -> !Arrays.equals(before, pixels(image())));
    runFx(() -> ((Slider) lookup("#explainOpacity")).setValue(0.7));
    waitFor(30, () -> Arrays.equals(before, pixels(image())));
  }

  @Test
  void exportWritesTheOverlayAtImageSizeWithTheClassInItsText() throws Exception {
    ViewImage view = onFx(() -> window.selectedView().orElseThrow().currentImage().orElseThrow());
    Path file = temp.resolve("gradcam.png");
    runFx(() -> window.export().exportView(view, file));
    waitFor(30, () -> Files.exists(file));
    Map<String, String> text = PngText.read(file);
    assertEquals("gradcam", text.get("Method"));
    assertEquals(EGYPTIAN_CAT + " Egyptian cat", text.get("Class"));
    assertEquals("conv_pw_13_relu", text.get("Layer"));
    javafx.scene.image.Image png = new javafx.scene.image.Image(file.toUri().toString());
    assertEquals(vm.getAnalysis().original().width(), (int) png.getWidth());
    assertEquals(vm.getAnalysis().original().height(), (int) png.getHeight());
  }

  @SuppressWarnings("unchecked")
  private ComboBox<Method> method() {
    return (ComboBox<Method>) lookup("#explainMethod");
  }

  private String classText() throws Exception {
    return onFx(() -> ((Label) lookup("#explainClass")).getText());
  }

  private Image image() throws Exception {
    return onFx(() -> ((ImageView) lookup("#explainImage")).getImage());
  }

  private static int[] pixels(Image image) throws Exception {
    return onFx(() -> {
      int w = (int) image.getWidth();
      int h = (int) image.getHeight();
      int[] argb = new int[w * h];
      image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
      return argb;
    });
  }

  private Node lookup(String id) {
    return window.tabPane().getScene().lookup(id);
  }
}
