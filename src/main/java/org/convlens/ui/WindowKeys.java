package org.convlens.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.convlens.ui.views.AnalysisView;

/**
 * The window's keys, in one place: the zoom keys the View menu shows, the extra zoom keys it cannot show (=,
 * keypad + and -), and the keys that are not menu items (Ctrl+Tab for the main tabs, Ctrl+PageUp/PageDown for a
 * view's own sub-tabs). {@link #install} wires them and {@link #otherKeys} lists them for the shortcuts dialog,
 * so the dialog cannot drift from what the keys do.
 *
 * <p>They act on the window, wherever the focus is: Ctrl+Tab is caught before any tab pane or text field sees
 * it (those would otherwise cycle their own tabs or move the focus).
 */
final class WindowKeys {
  static final KeyCombination ZOOM_IN = new KeyCodeCombination(KeyCode.PLUS);
  static final KeyCombination ZOOM_OUT = new KeyCodeCombination(KeyCode.MINUS);
  static final KeyCombination ZOOM_TO_FIT = new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN);
  /** "+" is Shift+= on many keyboards, and the keypad has its own keys. */
  static final List<KeyCombination> MORE_ZOOM_IN = List.of(
      new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY), new KeyCodeCombination(KeyCode.ADD));
  static final List<KeyCombination> MORE_ZOOM_OUT = List.of(new KeyCodeCombination(KeyCode.SUBTRACT));

  static final KeyCombination NEXT_TAB = new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN);
  static final KeyCombination PREVIOUS_TAB =
      new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN, KeyCombination.SHIFT_DOWN);
  static final KeyCombination NEXT_SUB_TAB = new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.CONTROL_DOWN);
  static final KeyCombination PREVIOUS_SUB_TAB =
      new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.CONTROL_DOWN);
  /** Handled by the zoomable views' scroll panes; listed here for the dialog. */
  static final String ZOOM_WHEEL = "Ctrl+wheel";

  private WindowKeys() {}

  /**
   * Wires the keys that are not menu accelerators to {@code scene}: the extra zoom keys call the view shown, as
   * the View menu's items do, and the tab keys switch {@code tabs} or the view's sub-tabs.
   */
  static void install(Scene scene, TabPane tabs, Supplier<Optional<AnalysisView>> shown) {
    MORE_ZOOM_IN.forEach(k -> scene.getAccelerators().put(k, () -> shown.get().ifPresent(AnalysisView::zoomIn)));
    MORE_ZOOM_OUT.forEach(k -> scene.getAccelerators().put(k, () -> shown.get().ifPresent(AnalysisView::zoomOut)));
    // A filter on the scene runs before the focused node and its parents, so an inner tab pane or a text field
    // cannot take these keys for itself.
    scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
      if (NEXT_TAB.match(e)) {
        selectNext(tabs, 1);
      } else if (PREVIOUS_TAB.match(e)) {
        selectNext(tabs, -1);
      } else if (NEXT_SUB_TAB.match(e)) {
        shown.get().ifPresent(v -> v.selectSubTab(1));
      } else if (PREVIOUS_SUB_TAB.match(e)) {
        shown.get().ifPresent(v -> v.selectSubTab(-1));
      } else {
        return;
      }
      e.consume();
    });
  }

  private static void selectNext(TabPane tabs, int delta) {
    int count = tabs.getTabs().size();
    if (count > 0) {
      int next = Math.floorMod(tabs.getSelectionModel().getSelectedIndex() + delta, count);
      tabs.getSelectionModel().select(next);
    }
  }

  /** The keys besides the menus' accelerators, as rows of keys and action, for the shortcuts dialog. */
  static List<String[]> otherKeys() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {NEXT_TAB.getDisplayText(), "Next tab"});
    rows.add(new String[] {PREVIOUS_TAB.getDisplayText(), "Previous tab"});
    rows.add(new String[] {NEXT_SUB_TAB.getDisplayText(), "Next stage (inner tab of Feature maps and others)"});
    rows.add(new String[] {PREVIOUS_SUB_TAB.getDisplayText(), "Previous stage (inner tab)"});
    MORE_ZOOM_IN.forEach(k -> rows.add(new String[] {describe(k), "Zoom in, as View > Zoom in"}));
    MORE_ZOOM_OUT.forEach(k -> rows.add(new String[] {describe(k), "Zoom out, as View > Zoom out"}));
    rows.add(new String[] {ZOOM_WHEEL, "Zoom in or out where the mouse is over a picture"});
    return rows;
  }

  /** The display text, with the keypad named as users know it. */
  static String describe(KeyCombination keys) {
    if (keys instanceof KeyCodeCombination k) {
      switch (k.getCode()) {
        case ADD:
          return "Keypad +";
        case SUBTRACT:
          return "Keypad -";
        case EQUALS:
          return "=";
        default:
          break;
      }
    }
    return keys.getDisplayText();
  }
}
