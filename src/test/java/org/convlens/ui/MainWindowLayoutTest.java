package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.settings.SettingsStore;
import org.convlens.ui.tasks.FxTaskRunner;
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
 * The window's layout at small sizes (minimum size, predictions, status bar), how tiny images are drawn and the
 * recent-files menu; one window, started from saved settings that ask for an unusably small window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowLayoutTest {
  private Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;
  private Stage stage;
  private MainViewModel vm;

  @BeforeAll
  void openWindow() throws Exception {
    temp = Files.createTempDirectory("convlens-layout-test");
    Path config = temp.resolve("config");
    // A window size saved by an earlier run (or edited by hand) that is far too small.
    new SettingsStore(config).save(Settings.defaults().withWindow(new Settings.WindowBounds(0, 0, 500, 350, false)));
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      stage = new Stage();
      window = new MainWindow(stage, UiTestSupport.untrained(config), tasks);
      window.show();
    });
    vm = window.controller().viewModel();
    waitFor(120, () -> vm.getAnalysis() != null);
  }

  @AfterAll
  void closeWindow() throws Exception {
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @Test
  @Order(1)
  void theWindowIsNeverSmallerThanItsMinimum() throws Exception {
    assertEquals(MainWindow.MIN_WIDTH, onFx(stage::getMinWidth));
    assertEquals(MainWindow.MIN_HEIGHT, onFx(stage::getMinHeight));
    assertTrue(MainWindow.MIN_WIDTH >= 800 && MainWindow.MIN_HEIGHT >= 560);
    assertTrue(onFx(stage::getWidth) >= MainWindow.MIN_WIDTH, "width " + onFx(stage::getWidth));
    assertTrue(onFx(stage::getHeight) >= MainWindow.MIN_HEIGHT, "height " + onFx(stage::getHeight));
  }

  @Test
  @Order(2)
  void allFivePredictionsAreVisibleAt1024x768() throws Exception {
    resize(1024, 768);
    assertAllPredictionsVisible();
  }

  @Test
  @Order(3)
  void allFivePredictionsAreVisibleAtTheMinimumSize() throws Exception {
    resize(MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT);
    assertAllPredictionsVisible();
  }

  @Test
  @Order(4)
  void theMainTabsAllShowAtTheMinimumSize() throws Exception {
    resize(MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT);
    Node tabs = onFx(() -> lookup("#analysisTabs"));
    Bounds area = onFx(() -> tabs.localToScene(tabs.getBoundsInLocal()));
    List<Node> headers = onFx(() -> tabs.lookupAll(".tab").stream()
        .filter(n -> n.getParent() != null && n.getParent().getStyleClass().contains("headers-region")
            && n.getParent().getParent().getParent() == tabs)
        .toList());
    assertEquals(onFx(() -> window.tabPane().getTabs().size()), headers.size());
    for (Node h : headers) {
      Bounds b = onFx(() -> h.localToScene(h.getBoundsInLocal()));
      assertTrue(onFx(h::isVisible) && b.getMaxX() <= area.getMaxX() + 0.5, b + " within " + area);
    }
    Node overflow = onFx(() -> headers.get(0).getParent().getParent().lookup(".control-buttons-tab"));
    assertTrue(overflow == null || !onFx(overflow::isVisible), "no overflow menu");
  }

  @Test
  @Order(5)
  void theStatusBarCutsNothingWithoutATooltipAtTheMinimumSize() throws Exception {
    resize(MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT);
    Path longName = temp.resolve("a-photo-with-a-rather-long-descriptive-file-name-from-a-camera-2026-11-30.png");
    Files.copy(UiTestSupport.SAMPLES.resolve("coffee.png"), longName);
    runFx(() -> window.controller().openImage(longName));
    waitFor(60, () -> vm.getAnalysis().source().equals(longName) && tasks.activeWorkerProperty().get() == null);
    WaitForAsyncUtils.waitForFxEvents();
    Node bar = onFx(() -> lookup("#statusBar"));
    List<Labeled> labels = onFx(() -> bar.lookupAll(".label").stream()
        .filter(Node::isVisible).map(n -> (Labeled) n).toList());
    assertFalse(labels.isEmpty());
    for (Labeled l : labels) {
      String text = onFx(l::getText);
      if (text == null || text.isEmpty()) {
        continue;
      }
      boolean whole = onFx(() -> shownText(l).equals(text));
      boolean tooltip = onFx(() -> l.getTooltip() != null && text.equals(l.getTooltip().getText()));
      assertTrue(whole || tooltip, "'" + text + "' shows as '" + onFx(() -> shownText(l)) + "' without a tooltip");
    }
    // The parts that matter most are whole: the badge and the timing; the image name at least in part.
    for (String id : List.of("#untrainedBadgeStatus", "#statusTiming")) {
      Labeled l = onFx(() -> (Labeled) lookup(id));
      assertEquals(onFx(l::getText), onFx(() -> shownText(l)), id);
    }
    String shownImage = onFx(() -> shownText((Labeled) lookup("#statusImage")));
    assertTrue(shownImage.startsWith("a-photo") && shownImage.endsWith(".png"), shownImage);
  }

  @Test
  @Order(6)
  void aOneByOneRedImageIsDrawnAllRedInTheImagePanel() throws Exception {
    Path red = temp.resolve("red-1x1.png");
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    one.setRGB(0, 0, 0xFF0000);
    ImageIO.write(one, "png", red.toFile());
    runFx(() -> window.controller().openImage(red));
    waitFor(60, () -> vm.getAnalysis().source().equals(red));
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage shot = onFx(() -> lookup("#originalImage").snapshot(null, null));
    assertTrue(shot.getWidth() >= 100 && shot.getHeight() >= 100, "drawn large: " + shot.getWidth());
    PixelReader px = shot.getPixelReader();
    for (int y = 0; y < (int) shot.getHeight(); y++) {
      for (int x = 0; x < (int) shot.getWidth(); x++) {
        int argb = px.getArgb(x, y);
        assertEquals(0xFFFF0000, argb, "pixel " + x + "," + y + " is " + Integer.toHexString(argb));
      }
    }
  }

  @Test
  @Order(7)
  void aTwoByTwoImageIsDrawnAsFourSolidQuadrants() throws Exception {
    Path four = temp.resolve("four-2x2.png");
    int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF};
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 4; i++) {
      img.setRGB(i % 2, i / 2, colours[i]);
    }
    ImageIO.write(img, "png", four.toFile());
    runFx(() -> window.controller().openImage(four));
    waitFor(60, () -> vm.getAnalysis().source().equals(four));
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage shot = onFx(() -> lookup("#originalImage").snapshot(null, null));
    int w = (int) shot.getWidth();
    int h = (int) shot.getHeight();
    PixelReader px = shot.getPixelReader();
    for (int i = 0; i < 4; i++) {
      // The middle of each quadrant, and a point near its outer corner.
      int cx = (i % 2) * w / 2 + w / 4;
      int cy = (i / 2) * h / 2 + h / 4;
      int ex = i % 2 == 0 ? 1 : w - 2;
      int ey = i / 2 == 0 ? 1 : h - 2;
      assertEquals(0xFF000000 | colours[i], px.getArgb(cx, cy), "quadrant " + i);
      assertEquals(0xFF000000 | colours[i], px.getArgb(ex, ey), "corner of quadrant " + i);
    }
  }

  @Test
  @Order(8)
  void onlySmallImagesAreEnlargedBeforeDrawingLargeOnesAreShrunkSmoothly() throws Exception {
    Image big = onFx(() -> new WritableImage(1000, 800));
    Image tiny = onFx(() -> new WritableImage(3, 2));
    assertFalse(PredictionsPanel.enlarges(big, PredictionsPanel.IMAGE_WIDTH, PredictionsPanel.IMAGE_HEIGHT));
    assertTrue(PredictionsPanel.enlarges(tiny, PredictionsPanel.IMAGE_WIDTH, PredictionsPanel.IMAGE_HEIGHT));
    assertTrue(big == onFx(() -> PredictionsPanel.forDisplay(big)));
    Image shown = onFx(() -> PredictionsPanel.forDisplay(tiny));
    assertEquals(PredictionsPanel.IMAGE_WIDTH, shown.getWidth());
    assertEquals(147, shown.getHeight());
    runFx(() -> window.controller().openImage(UiTestSupport.SAMPLES.resolve("chelsea.png")));
    waitFor(60, () -> originalImageWidth() > PredictionsPanel.IMAGE_WIDTH);
    assertTrue(onFx(() -> ((ImageView) lookup("#originalImage")).isSmooth()));
  }

  @Test
  @Order(9)
  void recentFilesThatAreGoneShowAsMissingWhenTheMenuOpens() throws Exception {
    Path kept = temp.resolve("kept.png");
    Path gone = temp.resolve("gone.png");
    Files.copy(UiTestSupport.SAMPLES.resolve("coffee.png"), kept);
    Files.copy(UiTestSupport.SAMPLES.resolve("coffee.png"), gone);
    runFx(() -> window.controller().updateSettings(
        s -> s.withRecentFile(gone.toString()).withRecentFile(kept.toString())));
    Files.delete(gone); // while the app runs: the menu was filled when both existed
    Menu file = onFx(() -> window.menuBarNode().getMenus().get(0));
    runFx(() -> Event.fireEvent(file, new Event(Menu.ON_SHOWING)));
    Menu recent = onFx(() -> (Menu) file.getItems().stream()
        .filter(i -> "recentMenu".equals(i.getId())).findFirst().orElseThrow());
    List<MenuItem> items = onFx(() -> List.copyOf(recent.getItems()));
    MenuItem keptItem = items.stream().filter(i -> i.getText().startsWith("kept.png")).findFirst().orElseThrow();
    MenuItem goneItem = items.stream().filter(i -> i.getText().startsWith("gone.png")).findFirst().orElseThrow();
    assertFalse(keptItem.isDisable());
    assertFalse(keptItem.getText().contains("missing"));
    assertTrue(goneItem.isDisable(), "a missing file cannot be chosen");
    assertTrue(goneItem.getText().endsWith("(missing)"), goneItem.getText());
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private void resize(double width, double height) throws Exception {
    runFx(() -> {
      stage.setWidth(width);
      stage.setHeight(height);
    });
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(width, onFx(stage::getWidth), 1);
    assertEquals(height, onFx(stage::getHeight), 1);
  }

  private void assertAllPredictionsVisible() throws Exception {
    List<Node> rows = onFx(() -> List.copyOf(lookup("#predictions").lookupAll(".prediction-row")));
    assertEquals(5, rows.size());
    ScrollPane panel = onFx(() -> (ScrollPane) lookup(".side-panel-scroll"));
    Bounds viewport = onFx(() -> panel.localToScene(panel.getBoundsInLocal()));
    double sceneHeight = onFx(() -> stage.getScene().getHeight());
    double sceneWidth = onFx(() -> stage.getScene().getWidth());
    for (Node row : rows) {
      Bounds b = onFx(() -> row.localToScene(row.getBoundsInLocal()));
      String where = b + " in viewport " + viewport + ", scene " + sceneWidth + "x" + sceneHeight;
      assertTrue(b.getMinY() >= viewport.getMinY() - 0.5 && b.getMaxY() <= viewport.getMaxY() + 0.5, where);
      assertTrue(b.getMaxY() <= sceneHeight && b.getMaxX() <= sceneWidth && b.getMinX() >= 0, where);
      assertTrue(onFx(row::isVisible));
    }
  }

  private double originalImageWidth() {
    Image image = ((ImageView) lookup("#originalImage")).getImage();
    return image == null ? -1 : image.getWidth();
  }

  private Node lookup(String selector) {
    return stage.getScene().lookup(selector);
  }

  /** The text a label draws, which ends in "..." when it is cut. */
  static String shownText(Labeled label) {
    Text text = (Text) label.lookup(".text");
    return text == null ? "" : text.getText();
  }
}
