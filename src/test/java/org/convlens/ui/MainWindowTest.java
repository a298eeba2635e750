package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.convlens.export.PngText;
import org.convlens.pipeline.Analysis;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.ui.views.AnalysisView;
import org.convlens.ui.views.FeatureMapsView;
import org.convlens.ui.views.ViewImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window end to end with untrained weights and the real model: one window for the whole class (the
 * model loads once), tests in order, each leaving a state the next one can build on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowTest {
  private static final int MODEL_WAIT = 120;

  private Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;
  private MainViewModel vm;
  private Thread.UncaughtExceptionHandler previousHandler;

  @BeforeAll
  void openWindow() throws Exception {
    temp = Files.createTempDirectory("convlens-window-test");
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(new Stage(), UiTestSupport.untrained(temp.resolve("config")), tasks);
      window.show();
    });
    vm = window.controller().viewModel();
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    ConvLensApp.installUncaughtExceptionHandler(window.notifications());
    // The window shows at once; the model and the first sample follow in the background.
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);
  }

  @AfterAll
  void closeWindow() throws Exception {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @Test
  @Order(0)
  void aTabJoinsTheSceneWhenFirstSelectedShowingWhatItFollowedMeanwhile() throws Exception {
    assertEquals("Feature maps", onFx(() -> window.tabPane().getSelectionModel().getSelectedItem().getText()));
    assertNull(onFx(() -> lookup("#filtersImage")), "the Filters tab's nodes wait until it is first selected");
    runFx(() -> window.selectTab("Filters"));
    waitFor(30, () -> lookup("#filtersImage") != null && ((ImageView) lookup("#filtersImage")).getImage() != null);
    runFx(() -> window.selectTab("Feature maps"));
    assertNotNull(onFx(() -> lookup("#filtersImage")), "once in the scene, a tab's nodes stay");
    // Selecting a tab puts all of its nodes in the scene at once, even inside skinned controls (a SplitPane here).
    assertNotNull(onFx(() -> {
      window.selectTab("Layers");
      return lookup("#layersList");
    }));
    runFx(() -> window.selectTab("Feature maps"));
  }

  @Test
  @Order(1)
  void theCatIsAnalysedAtStartWithTheUntrainedBadgeShowing() throws Exception {
    assertEquals("chelsea.png", vm.getAnalysis().source().getFileName().toString());
    assertEquals(5, onFx(this::predictionRows));
    assertTrue(onFx(() -> lookup("#untrainedBadgePanel").isVisible()));
    assertTrue(onFx(() -> lookup("#untrainedBadgeStatus").isVisible()));
    assertEquals("chelsea.png", onFx(() -> ((Label) lookup("#statusImage")).getText()));
    assertTrue(onFx(() -> ((Label) lookup("#statusTiming")).getText()).matches("inference \\d+ ms"));
    assertTrue(onFx(() -> ((Label) lookup("#statusWeights")).getText()).startsWith("untrained"));
    assertFalse(onFx(() -> lookup("#weightsBanner").isVisible()));
  }

  @Test
  @Order(2)
  void openingAnImageFillsPredictionsAndTheFeatureMapTabs() throws Exception {
    Path coffee = UiTestSupport.SAMPLES.resolve("coffee.png");
    runFx(() -> window.controller().openImage(coffee));
    waitFor(60, () -> isShowing("coffee.png"));
    assertEquals(5, onFx(this::predictionRows));
    runFx(() -> window.selectTab("Feature maps"));
    waitFor(30, () -> featureMaps().currentImage()
        .map(i -> i.metadata().get("Source image").equals("coffee.png")).orElse(false));
    // Every tab can be selected and is the one the export would use.
    for (String name : List.of("Model", "Filters", "Layers", "Feature maps")) {
      runFx(() -> assertTrue(window.selectTab(name)));
      assertEquals(name, onFx(() -> window.selectedView().orElseThrow().tab().getText()));
    }
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentImage).isPresent());
    assertEquals("coffee.png", onFx(() -> ((Label) lookup("#statusImage")).getText()));
  }

  @Test
  @Order(3)
  void aViewOptionReRendersTheMosaicWithoutRunningTheModelAgain() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    Analysis before = vm.getAnalysis();
    ViewImage old = onFx(() -> featureMaps().currentImage().orElseThrow());
    assertEquals("64", old.metadata().getOrDefault("Channels", "").replaceAll("\\D+", " ").trim().split(" ")[0]);
    runFx(() -> menuItem("option-16").fire());
    waitFor(30, () -> featureMaps().currentImage().map(i -> i.raster() != old.raster()).orElse(false));
    ViewImage now = onFx(() -> featureMaps().currentImage().orElseThrow());
    assertTrue(now.raster().width() * now.raster().height() < old.raster().width() * old.raster().height(),
        "16 maps make a smaller mosaic than 64");
    assertEquals(16, vm.mosaicOptionsProperty().get().maps());
    assertTrue(onFx(() -> ((RadioMenuItem) menuItem("option-16")).isSelected()));
    assertSame(before, vm.getAnalysis(), "the model was not re-run");
    // The choice is remembered.
    assertEquals(16, window.controller().settings().maps());
  }

  @Test
  @Order(4)
  void exportCurrentViewWritesTheFullResolutionRasterWithItsMetadata() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    ViewImage image = onFx(() -> window.selectedView().orElseThrow().currentImage().orElseThrow());
    Path file = temp.resolve("out").resolve(image.suggestedFileName());
    Files.createDirectories(file.getParent());
    runFx(() -> window.export().exportView(image, file));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.isRegularFile(file));
    BufferedImage png = ImageIO.read(file.toFile());
    assertEquals(image.raster().width(), png.getWidth());
    assertEquals(image.raster().height(), png.getHeight());
    assertEquals(image.raster().get(5, 5) & 0xFFFFFF, png.getRGB(5, 5) & 0xFFFFFF);
    Map<String, String> text = PngText.read(file);
    assertEquals("ConvLens " + org.convlens.Versions.load().app(), text.get("Software")); // the version is the pom's
    assertEquals("coffee.png", text.get("Source image"));
    assertEquals(image.metadata().get("Layer"), text.get("Layer"));
    assertTrue(text.get("Weights").contains("untrained"), text.toString());
    assertEquals(file.getParent().toString(), window.controller().settings().exportFolder());
  }

  @Test
  @Order(5)
  void exportAllWritesTheSameFilesAsTheCommandLine() throws Exception {
    Path parent = temp.resolve("all");
    runFx(() -> window.export().exportAll(parent));
    Path folder = parent.resolve("coffee"); // a new folder named after the image
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.isRegularFile(folder.resolve("index.html")));
    for (String f : List.of("filters.png", "conv1.png", "conv2.png", "conv3.png", "conv4.png", "conv5.png",
        "predictions.json", "index.html")) {
      assertTrue(Files.size(folder.resolve(f)) > 0, f);
    }
    Map<String, String> conv3 = PngText.read(folder.resolve("conv3.png"));
    assertEquals("conv3_block4_out", conv3.get("Layer"));
    assertTrue(conv3.get("Channels").startsWith("first 16 of 512"), conv3.get("Channels")); // the view options
  }

  @Test
  @Order(6)
  void aBadFileShowsAnErrorWithDetailsAndThePreviousResultsStay() throws Exception {
    Path bad = temp.resolve("not-an-image.png");
    Files.writeString(bad, "this is text, not a PNG");
    Analysis before = vm.getAnalysis();
    int cards = onFx(() -> window.notifications().shown().size());
    runFx(() -> window.controller().openImage(bad));
    waitFor(30, () -> window.notifications().shown().size() > cards
        && texts(last()).stream().anyMatch(t -> t.contains("not-an-image.png")));
    Pane card = onFx(this::last);
    assertTrue(onFx(() -> card.getStyleClass().contains("notification-error")));
    assertSame(before, vm.getAnalysis());
    assertEquals("coffee.png", onFx(() -> ((Label) lookup("#statusImage")).getText()));
    assertEquals(5, onFx(this::predictionRows));
    // Details reveals the stack trace; close removes the card.
    TextArea trace = onFx(() -> (TextArea) card.lookup(".notification-details"));
    assertFalse(onFx(trace::isVisible));
    runFx(() -> ((ToggleButton) card.lookup(".notification-details-toggle")).fire());
    assertTrue(onFx(trace::isVisible));
    assertTrue(onFx(trace::getText).contains("Exception"));
    runFx(() -> ((javafx.scene.control.Button) card.lookup(".notification-close")).fire());
    assertFalse(onFx(() -> window.notifications().shown().contains(card)));
    // The bad file is not remembered as recent.
    assertFalse(window.controller().settings().recentFiles().contains(bad.toString()));
  }

  @Test
  @Order(7)
  void theFxThreadStaysFreeWhileAnImageIsProcessed() throws Exception {
    // Blocking work on the JavaFX thread shows in every attempt; a busy machine delays a pulse now and then.
    // So the best of three attempts must stay under 100 ms.
    long best = Long.MAX_VALUE;
    for (String image : List.of("astronaut.png", "coffee.png", "astronaut.png")) {
      best = Math.min(best, longestPulseGapWhileOpening(image));
      if (best < 100) {
        break;
      }
    }
    assertTrue(best < 100, "longest gap between pulses, best of three: " + best + " ms");
  }

  private long longestPulseGapWhileOpening(String image) throws Exception {
    AtomicLong last = new AtomicLong();
    AtomicLong maxGap = new AtomicLong();
    AnimationTimer timer = new AnimationTimer() {
      @Override
      public void handle(long now) {
        long previous = last.getAndSet(now);
        if (previous != 0) {
          maxGap.accumulateAndGet(now - previous, Math::max);
        }
      }
    };
    runFx(timer::start);
    WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    maxGap.set(0);
    Analysis before = vm.getAnalysis();
    runFx(() -> window.controller().openImage(UiTestSupport.SAMPLES.resolve(image)));
    waitFor(60, () -> vm.getAnalysis() != before && isShowing(image));
    waitFor(30, () -> tasks.activeWorkerProperty().get() == null); // the views' rendering too
    runFx(timer::stop);
    return maxGap.get() / 1_000_000;
  }


  @Test
  @Order(8)
  void tenImagesInQuickSuccessionEndWithTheLastOne() throws Exception {
    List<Path> images = new ArrayList<>();
    List<String> names = List.of("chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg");
    for (int i = 0; i < 10; i++) {
      String name = names.get(i % names.size());
      Path copy = temp.resolve("burst").resolve(i + "-" + name);
      Files.createDirectories(copy.getParent());
      Files.copy(UiTestSupport.SAMPLES.resolve(name), copy);
      images.add(copy);
    }
    List<Path> seen = new ArrayList<>();
    vm.analysisProperty().addListener((obs, o, a) -> seen.add(a.source()));
    runFx(() -> images.forEach(window.controller()::openImage));
    Path lastImage = images.get(9);
    waitFor(120, () -> isShowing(lastImage.getFileName().toString()) && tasks.activeWorkerProperty().get() == null);
    WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
    assertEquals(lastImage, vm.getAnalysis().source());
    assertEquals(lastImage.getFileName().toString(), onFx(() -> ((Label) lookup("#statusImage")).getText()));
    assertEquals(lastImage, seen.get(seen.size() - 1), "nothing older arrived after the last one: " + seen);
    assertTrue(seen.size() < 10, "stale work was cancelled or dropped: " + seen);
    assertEquals(lastImage.toString(), window.controller().settings().recentFiles().get(0));
    // The feature maps follow the last image too.
    runFx(() -> window.selectTab("Feature maps"));
    waitFor(30, () -> featureMaps().currentImage()
        .map(i -> i.metadata().get("Source image").equals(lastImage.getFileName().toString())).orElse(false));
  }

  @Test
  @Order(9)
  void anExceptionNobodyCaughtBecomesANotification() throws Exception {
    // At most three cards show, so a new one is recognised as a new last card, not by the count.
    Node before = onFx(() -> window.notifications().shown().isEmpty() ? null : last());
    Platform.runLater(() -> {
      throw new IllegalStateException("nobody expected this");
    });
    waitFor(10, () -> !window.notifications().shown().isEmpty() && last() != before
        && texts(last()).stream().anyMatch(t -> t.startsWith("ConvLens could not finish the last action (internal error; details in the log at ")));
    // A bug's own words are for the log and the Details, not for the card's message.
    assertTrue(onFx(() -> texts(last()).stream().noneMatch(t -> t.contains("nobody expected this"))));
    assertTrue(onFx(() -> window.controller().viewModel().getAnalysis() != null));
  }

  @Test
  @Order(10)
  void everyMenuActionHasAShortcutAndDarkModeIsRemembered() throws Exception {
    List<String[]> shortcuts = onFx(window::shortcuts);
    List<String> keys = shortcuts.stream().map(s -> s[0]).toList();
    assertEquals(keys.size(), keys.stream().distinct().count(), "no shortcut is used twice: " + keys);
    for (String action : List.of("Open image", "Export current view", "Export all views", "Quit", "Dark mode",
        "Keyboard shortcuts", "Open weights", "About")) {
      assertTrue(shortcuts.stream().anyMatch(s -> s[1].contains(action)),
          action + " in " + shortcuts.stream().map(s -> s[1]).toList());
    }
    javafx.scene.control.CheckMenuItem dark = onFx(() -> (javafx.scene.control.CheckMenuItem) menuItem("darkModeItem"));
    runFx(() -> dark.setSelected(true)); // what clicking the item does
    assertTrue(window.controller().settings().darkMode());
    assertTrue(onFx(() -> ((ToggleButton) lookup("#themeButton")).isSelected()), "the toolbar follows");
    assertTrue(onFx(() -> javafx.application.Application.getUserAgentStylesheet().toLowerCase().contains("dark")));
    runFx(() -> ((ToggleButton) lookup("#themeButton")).fire());
    assertFalse(window.controller().settings().darkMode());
    assertFalse(onFx(dark::isSelected));
    assertTrue(onFx(() -> javafx.application.Application.getUserAgentStylesheet().toLowerCase().contains("light")));
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private boolean isShowing(String fileName) {
    return vm.getAnalysis() != null && vm.getAnalysis().source().getFileName().toString().equals(fileName);
  }

  private FeatureMapsView featureMaps() {
    return window.views().stream().filter(v -> v instanceof FeatureMapsView).map(v -> (FeatureMapsView) v)
        .findFirst().orElseThrow();
  }

  private Node lookup(String selector) {
    return window.tabPane().getScene().lookup(selector);
  }

  private int predictionRows() {
    return lookup("#predictions").lookupAll(".prediction-row").size();
  }

  private Pane last() {
    List<Node> shown = window.notifications().shown();
    return (Pane) shown.get(shown.size() - 1);
  }

  private static List<String> texts(Node root) {
    List<String> out = new ArrayList<>();
    root.lookupAll(".label").forEach(n -> out.add(((Label) n).getText()));
    return out;
  }

  private MenuItem menuItem(String id) {
    return find(window.menuBarNode().getMenus().stream().map(m -> (MenuItem) m).toList(), id)
        .orElseThrow(() -> new AssertionError("no menu item " + id));
  }

  private static Optional<MenuItem> find(List<MenuItem> items, String id) {
    for (MenuItem it : items) {
      if (id.equals(it.getId())) {
        return Optional.of(it);
      }
      if (it instanceof javafx.scene.control.Menu m) {
        Optional<MenuItem> inner = find(m.getItems(), id);
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.empty();
  }

  @Test
  @Order(11)
  void aboutNamesEveryKindOfModelNotOnlyResNet() throws Exception {
    new org.testfx.api.FxRobot().press(javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.F1)
        .release(javafx.scene.input.KeyCode.F1, javafx.scene.input.KeyCode.SHIFT);
    WaitForAsyncUtils.waitForFxEvents();
    List<javafx.stage.Window> dialogs = onFx(() -> javafx.stage.Window.getWindows().stream()
        .filter(w -> w != window.tabPane().getScene().getWindow() && w.isShowing()).toList());
    String text = onFx(() -> dialogs.stream().flatMap(w -> w.getScene().getRoot().lookupAll(".label").stream())
        .map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + "\n" + b));
    runFx(() -> dialogs.forEach(javafx.stage.Window::hide));
    assertTrue(text.contains("bundled trained MobileNet") && text.contains("your own Keras model"), text);
  }

}
