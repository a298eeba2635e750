package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.ui.views.FeatureMapsView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's keys pressed as a user does, through TestFX: zoom, tabs and sub-tabs wherever the focus is, and
 * the shortcuts dialog that lists them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowKeysTest {
  private final FxRobot robot = new FxRobot();
  private FxTaskRunner tasks;
  private MainWindow window;
  private Stage stage;

  @BeforeAll
  void openWindow() throws Exception {
    Path temp = Files.createTempDirectory("convlens-keys-test");
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      stage = new Stage();
      window = new MainWindow(stage, UiTestSupport.untrained(temp.resolve("config")), tasks);
      window.show();
    });
    waitFor(120, () -> window.controller().viewModel().getAnalysis() != null);
    runFx(() -> window.selectTab("Feature maps"));
    waitFor(60, () -> featureMaps().currentImage().isPresent());
  }

  @AfterAll
  void closeWindow() throws Exception {
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @Test
  @Order(1)
  void zoomKeysWorkWithTheFocusOnTheTabHeader() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    robot.clickOn(mainTabHeader("Feature maps"));
    Node focused = onFx(() -> stage.getScene().getFocusOwner());
    assertTrue(focused == window.tabPane(), "the focus is on the main tab pane, not the mosaic: " + focused);

    String before = zoomLabel();
    robot.type(KeyCode.PLUS);
    String afterPlus = zoomLabel();
    assertNotEquals(before, afterPlus, "+ zooms in");
    robot.type(KeyCode.EQUALS);
    String afterEquals = zoomLabel();
    assertNotEquals(afterPlus, afterEquals, "= zooms in");
    robot.type(KeyCode.ADD);
    String afterKeypad = zoomLabel();
    assertNotEquals(afterEquals, afterKeypad, "keypad + zooms in");
    assertTrue(percent(afterKeypad) > percent(afterEquals) && percent(afterEquals) > percent(before));

    robot.type(KeyCode.MINUS);
    assertEquals(afterEquals, zoomLabel(), "- zooms out one step");
    robot.type(KeyCode.SUBTRACT);
    assertEquals(afterPlus, zoomLabel(), "keypad - zooms out one step");
    robot.push(KeyCode.CONTROL, KeyCode.DIGIT0);
    WaitForAsyncUtils.waitForFxEvents();
    assertNotEquals(afterPlus, zoomLabel(), "Ctrl+0 fits the mosaic to the window");
  }
  @Test
  void zoomKeysWithTheFocusInsideTheMosaicZoomOneStepAtATime() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    Node mosaic = onFx(() -> stage.getScene().lookup("#mosaicScroll-conv1"));
    String before = zoomLabel();
    pressOn(mosaic, KeyCode.PLUS);
    String afterPlus = zoomLabel();
    assertTrue(percent(afterPlus) > percent(before), "+ zooms in");
    pressOn(mosaic, KeyCode.MINUS);
    assertEquals(before, zoomLabel(), "- undoes exactly the one step + made");
  }

  /** A key typed while {@code target} (not focusable itself) is where the keys go. */
  private static void pressOn(Node target, KeyCode key) throws Exception {
    for (javafx.event.EventType<javafx.scene.input.KeyEvent> type
        : List.of(javafx.scene.input.KeyEvent.KEY_PRESSED, javafx.scene.input.KeyEvent.KEY_RELEASED)) {
      runFx(() -> javafx.event.Event.fireEvent(target, new javafx.scene.input.KeyEvent(type, "", "", key,
          false, false, false, false)));
    }
    WaitForAsyncUtils.waitForFxEvents();
  }


  @Test
  @Order(2)
  void theViewMenuOffersZoomAndFitWithTheirKeys() throws Exception {
    List<String[]> menu = onFx(window::shortcuts);
    for (String action : List.of("View > Zoom in", "View > Zoom out", "View > Fit to the window")) {
      assertTrue(menu.stream().anyMatch(s -> s[1].equals(action)), action);
    }
    MenuItem zoomIn = onFx(() -> findItem("Zoom in"));
    String before = zoomLabel();
    runFx(zoomIn::fire);
    assertTrue(percent(zoomLabel()) > percent(before));
  }

  @Test
  @Order(3)
  void ctrlTabSwitchesTheMainTabsEvenWithTheFocusInTheStageTabs() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    TabPane stages = onFx(() -> (TabPane) stage.getScene().lookup("#stageTabs"));
    robot.clickOn(onFx(() -> stages.lookup(".tab")));
    assertTrue(onFx(() -> isInside(stage.getScene().getFocusOwner(), stages)), "focus in the stage tabs");
    int main = onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex());
    int stageIndex = onFx(() -> stages.getSelectionModel().getSelectedIndex());
    int count = onFx(() -> window.tabPane().getTabs().size());

    robot.push(KeyCode.CONTROL, KeyCode.TAB);
    assertEquals((main + 1) % count, onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()));
    assertEquals(stageIndex, onFx(() -> stages.getSelectionModel().getSelectedIndex()), "the stage stays");
    robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB);
    assertEquals(main, onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()));
    assertEquals(stageIndex, onFx(() -> stages.getSelectionModel().getSelectedIndex()));
  }

  @Test
  @Order(4)
  void ctrlPageDownAndUpSwitchTheStagesAndLeaveTheMainTab() throws Exception {
    runFx(() -> window.selectTab("Feature maps"));
    robot.clickOn(mainTabHeader("Feature maps"));
    TabPane stages = onFx(() -> (TabPane) stage.getScene().lookup("#stageTabs"));
    runFx(() -> stages.getSelectionModel().select(0));
    int main = onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex());

    robot.push(KeyCode.CONTROL, KeyCode.PAGE_DOWN);
    assertEquals(1, onFx(() -> stages.getSelectionModel().getSelectedIndex()));
    robot.push(KeyCode.CONTROL, KeyCode.PAGE_DOWN);
    assertEquals(2, onFx(() -> stages.getSelectionModel().getSelectedIndex()));
    robot.push(KeyCode.CONTROL, KeyCode.PAGE_UP);
    assertEquals(1, onFx(() -> stages.getSelectionModel().getSelectedIndex()));
    assertEquals(main, onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()), "main tab stays");
    // With the focus inside the stage tabs too (a tab pane would take these keys for itself).
    robot.clickOn(onFx(() -> stages.lookup(".tab")));
    int now = onFx(() -> stages.getSelectionModel().getSelectedIndex());
    robot.push(KeyCode.CONTROL, KeyCode.PAGE_DOWN);
    assertEquals(now + 1, onFx(() -> stages.getSelectionModel().getSelectedIndex()));
    assertEquals(main, onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()));
  }

  @Test
  @Order(5)
  void ctrlTabLeavesTheModelFilterBoxForTheNextTabAndTypingThereStillWorks() throws Exception {
    runFx(() -> window.selectTab("Model"));
    TextField filter = onFx(() -> (TextField) stage.getScene().lookup("#modelFilter"));
    robot.clickOn(filter);
    assertTrue(onFx(filter::isFocused));
    String zoom = onFx(() -> ((Label) stage.getScene().lookup("#mosaicZoomLevel")).getText());
    // Real key presses (write() would send only the typed characters, which accelerators never see).
    robot.type(KeyCode.C, KeyCode.O, KeyCode.N, KeyCode.V, KeyCode.DIGIT1, KeyCode.MINUS, KeyCode.EQUALS);
    assertEquals("conv1-=", onFx(filter::getText), "- and = are typed, not taken as zoom keys");
    assertEquals(zoom, onFx(() -> ((Label) stage.getScene().lookup("#mosaicZoomLevel")).getText()));
    runFx(filter::clear);

    int model = onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex());
    int count = onFx(() -> window.tabPane().getTabs().size());
    robot.push(KeyCode.CONTROL, KeyCode.TAB);
    assertEquals((model + 1) % count, onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()));

    runFx(() -> window.selectTab("Model"));
    robot.clickOn(filter);
    robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB);
    assertEquals(Math.floorMod(model - 1, count),
        onFx(() -> window.tabPane().getSelectionModel().getSelectedIndex()));
  }

  @Test
  @Order(6)
  void theShortcutsDialogListsEveryKeyAndCutsNone() throws Exception {
    runFx(() -> findItem("Keyboard shortcuts").fire());
    waitFor(10, () -> dialogRoot() != null);
    Parent root = onFx(this::dialogRoot);
    WaitForAsyncUtils.waitForFxEvents();
    List<Labeled> keys = onFx(() -> root.lookupAll(".shortcut-key").stream().map(n -> (Labeled) n).toList());
    Set<String> keyTexts = keys.stream().map(Labeled::getText).collect(Collectors.toSet());

    // Every accelerator of every menu, read from the menus here, independently of the dialog's own walk.
    List<String> accelerators = onFx(() -> {
      List<String> all = new ArrayList<>();
      window.menuBarNode().getMenus().forEach(m -> collectAccelerators(m, all));
      return all;
    });
    assertTrue(accelerators.size() > 20, "menus have accelerators: " + accelerators);
    for (String a : accelerators) {
      assertTrue(keyTexts.contains(a), a + " missing from " + keyTexts);
    }
    for (String[] other : WindowKeys.otherKeys()) {
      assertTrue(keyTexts.contains(other[0]), other[0] + " missing from " + keyTexts);
    }
    for (String k : List.of("Ctrl+Tab", "Ctrl+Shift+Tab", "+", "-", "Ctrl+wheel", "Alt+F", "Alt+V", "Alt+H",
        "Ctrl+Page Down", "Ctrl+Page Up")) {
      assertTrue(keyTexts.stream().anyMatch(t -> t.equalsIgnoreCase(k) || t.replace(" ", "").equalsIgnoreCase(
          k.replace(" ", ""))), k + " missing from " + keyTexts);
    }
    // No label is cut: each draws its whole text, within its width.
    List<Labeled> all = onFx(() -> root.lookupAll(".label").stream().map(n -> (Labeled) n)
        .filter(l -> l.getStyleClass().contains("shortcut-key") || l.getStyleClass().contains("shortcut-action"))
        .toList());
    assertEquals(2 * keys.size(), all.size());
    for (Labeled l : all) {
      String text = onFx(l::getText);
      assertEquals(text, onFx(() -> MainWindowLayoutTest.shownText(l)), "cut in the dialog");
      double needed = onFx(() -> {
        Text t = new Text(text);
        t.setFont(l.getFont());
        return t.getLayoutBounds().getWidth();
      });
      assertTrue(needed <= onFx(l::getWidth) + 0.5, text + " needs " + needed + ", has " + onFx(l::getWidth));
    }
    runFx(() -> root.getScene().getWindow().hide());
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private FeatureMapsView featureMaps() {
    return window.views().stream().filter(v -> v instanceof FeatureMapsView).map(v -> (FeatureMapsView) v)
        .findFirst().orElseThrow();
  }

  private String zoomLabel() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    return onFx(() -> ((Label) stage.getScene().lookup("#mosaicZoomLevel")).getText());
  }

  private static double percent(String label) {
    return Double.parseDouble(label.replace("%", "").trim());
  }

  private Node mainTabHeader(String title) throws Exception {
    return onFx(() -> window.tabPane().lookupAll(".tab").stream()
        .filter(n -> n.getParent() != null && isInside(n, window.tabPane()) && !isInsideStageTabs(n))
        .filter(n -> n.lookup(".tab-label") instanceof Labeled l && title.equals(l.getText()))
        .findFirst().orElseThrow());
  }

  private boolean isInsideStageTabs(Node n) {
    Node stages = stage.getScene().lookup("#stageTabs");
    return stages != null && isInside(n, stages) && n != stages;
  }

  private static boolean isInside(Node n, Node ancestor) {
    for (Node p = n; p != null; p = p.getParent()) {
      if (p == ancestor) {
        return true;
      }
    }
    return false;
  }

  private MenuItem findItem(String text) {
    List<MenuItem> found = new ArrayList<>();
    window.menuBarNode().getMenus().forEach(m -> findItems(m, text, found));
    return found.stream().findFirst().orElseThrow(() -> new AssertionError("no menu item " + text));
  }

  private static void findItems(Menu menu, String text, List<MenuItem> found) {
    for (MenuItem it : menu.getItems()) {
      if (it instanceof Menu sub) {
        findItems(sub, text, found);
      } else if (it.getText() != null && it.getText().replace("_", "").equals(text)) {
        found.add(it);
      }
    }
  }

  private static void collectAccelerators(Menu menu, List<String> out) {
    for (MenuItem it : menu.getItems()) {
      if (it instanceof Menu sub) {
        collectAccelerators(sub, out);
      } else if (it.getAccelerator() != null) {
        out.add(it.getAccelerator().getDisplayText());
      }
    }
  }

  private Parent dialogRoot() {
    for (Window w : Window.getWindows()) {
      if (w != stage && w.isShowing() && w.getScene() != null
          && w.getScene().getRoot().lookup("#shortcutsGrid") != null) {
        return w.getScene().getRoot();
      }
    }
    return null;
  }
}
