package org.convlens.ui;

import atlantafx.base.theme.Styles;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.convlens.Versions;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.views.AnalysisView;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.Colormap;
import org.convlens.viz.MapNormalization;
import org.convlens.viz.MosaicOptions;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.convlens.Diagnostics;
import org.convlens.files.UserFolders;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's menu bar: File (open, recent files, samples, export, quit), View (the mosaic options and dark
 * mode) and Help (the keyboard shortcuts and About dialogs), with every keyboard shortcut the app has. Items
 * call the {@link MainController}, or the window's file choosers through {@link Actions}.
 */
final class MainMenu {
  /**
   * What the window does for the menu: the file choosers, which need the stage and the selected tab, and the
   * view shown, which the zoom items act on.
   */
  record Actions(Runnable chooseImage, Runnable chooseWeights, Runnable chooseModel, Runnable chooseSavedModel,
      Consumer<Path> openModel, Runnable exportCurrentView, Runnable exportAllViews, Runnable exportActivations,
      Supplier<Optional<AnalysisView>> shownView) {}

  private final Stage stage;
  private final MainController controller;
  private final MainViewModel vm;
  private final Actions actions;
  private final MenuBar menuBar = new MenuBar();
  private final Menu recentMenu = new Menu("Open _recent");
  private final Menu samplesMenu = new Menu("_Sample images");

  MainMenu(Stage stage, MainController controller, Actions actions) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.controller = Objects.requireNonNull(controller, "controller");
    this.vm = controller.viewModel();
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  MenuBar node() {
    return menuBar;
  }

  /** The sample image items, which the toolbar's samples button offers too. */
  ObservableList<MenuItem> sampleItems() {
    return samplesMenu.getItems();
  }

  /** Fills the menu bar; call once, after the settings are loaded (the recent files come from them). */
  MenuBar build() {
    Menu file = new Menu("_File");
    file.getItems().addAll(
        item("_Open image...", Feather.FOLDER, shortcut(KeyCode.O), e -> actions.chooseImage().run()),
        item("Open _weights...", Feather.CPU, shortcut(KeyCode.O, KeyCombination.SHIFT_DOWN),
            e -> actions.chooseWeights().run()),
        openModelItem(),
        openSavedModelItem(),
        modelMenu(),
        recentMenu,
        samplesMenu,
        new SeparatorMenuItem(),
        item("_Export current view...", Feather.SAVE, shortcut(KeyCode.E), e -> actions.exportCurrentView().run()),
        item("Export _all views...", Feather.PACKAGE, shortcut(KeyCode.E, KeyCombination.SHIFT_DOWN),
            e -> actions.exportAllViews().run()),
        item("Export ac_tivations (.npy)...", Feather.DATABASE, shortcut(KeyCode.E, KeyCombination.ALT_DOWN),
            e -> actions.exportActivations().run()),
        new SeparatorMenuItem(),
        item("_Quit", Feather.LOG_OUT, shortcut(KeyCode.Q), e -> stage.close()));
    recentMenu.setGraphic(FontIcon.of(Feather.CLOCK));
    recentMenu.setId("recentMenu");
    file.setOnShowing(e -> fillRecent(controller.settings())); // files come and go while the app runs
    samplesMenu.setGraphic(FontIcon.of(Feather.IMAGE));
    fillRecent(controller.settings());
    controller.settingsProperty().addListener((obs, old, s) -> {
      if (old == null || !old.recentFiles().equals(s.recentFiles())) {
        fillRecent(s);
      }
    });
    fillSamples();

    Menu view = new Menu("_View");
    view.getItems().addAll(
        item("Zoom _in", Feather.ZOOM_IN, WindowKeys.ZOOM_IN, e -> onShownView(AnalysisView::zoomIn)),
        item("Zoom _out", Feather.ZOOM_OUT, WindowKeys.ZOOM_OUT, e -> onShownView(AnalysisView::zoomOut)),
        item("_Fit to the window", Feather.MAXIMIZE, WindowKeys.ZOOM_TO_FIT,
            e -> onShownView(AnalysisView::zoomToFit)),
        new SeparatorMenuItem(),
        optionMenu("Number of _maps", List.of(16, 32, 64, 128), n -> n + " maps",
            List.of(KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4), KeyCombination.ALT_DOWN,
            MosaicOptions::maps, MosaicOptions::withMaps),
        optionMenu("Channel _order", List.of(ChannelOrder.values()), MainMenu::describe,
            List.of(KeyCode.I, KeyCode.M, KeyCode.X), null, MosaicOptions::order, MosaicOptions::withOrder),
        optionMenu("_Normalisation", List.of(MapNormalization.values()), MainMenu::describe,
            List.of(KeyCode.C, KeyCode.L, KeyCode.P), null, MosaicOptions::normalization,
            MosaicOptions::withNormalization),
        optionMenu("_Colormap", List.of(Colormap.values()), MainMenu::describe,
            List.of(KeyCode.G, KeyCode.V, KeyCode.A, KeyCode.D), null, MosaicOptions::colormap,
            MosaicOptions::withColormap),
        new SeparatorMenuItem(),
        darkModeItem());

    Menu help = new Menu("_Help");
    MenuItem shortcuts = item("_Keyboard shortcuts", Feather.COMMAND, new KeyCodeCombination(KeyCode.F1),
        e -> showShortcuts());
    shortcuts.setId("shortcutsItem");
    MenuItem showLog = item("Show _log", Feather.FILE_TEXT, null, e -> showLog());
    showLog.setId("showLogItem");
    MenuItem diagnostics = item("_Copy diagnostics", Feather.CLIPBOARD, null, e -> copyDiagnostics());
    diagnostics.setId("copyDiagnosticsItem");
    help.getItems().addAll(
        shortcuts,
        new SeparatorMenuItem(),
        showLog,
        diagnostics,
        new SeparatorMenuItem(),
        item("_About ConvLens", Feather.INFO, new KeyCodeCombination(KeyCode.F1, KeyCombination.SHIFT_DOWN),
            e -> showAbout()));

    menuBar.getMenus().setAll(file, view, help);
    menuBar.setId("menuBar");
    return menuBar;
  }

  private void onShownView(Consumer<AnalysisView> action) {
    actions.shownView().get().ifPresent(action);
  }

  private CheckMenuItem darkModeItem() {
    CheckMenuItem dark = new CheckMenuItem("_Dark mode", FontIcon.of(Feather.MOON));
    dark.setId("darkModeItem");
    dark.setAccelerator(shortcut(KeyCode.D));
    dark.selectedProperty().bindBidirectional(controller.darkModeProperty());
    return dark;
  }

  /**
   * A submenu of radio items for one mosaic option, kept in step with the view model so a change from anywhere
   * (settings, a test) shows as the selected item. Choosing one only re-renders: the model is not run again.
   *
   * @param modifier the accelerators' modifier besides Shortcut-Shift; null means Shortcut+Shift+key
   */
  private <T> Menu optionMenu(String title, List<T> values, Function<T, String> label, List<KeyCode> keys,
      KeyCombination.Modifier modifier, Function<MosaicOptions, T> get,
      BiFunction<MosaicOptions, T, MosaicOptions> with) {
    Menu menu = new Menu(title);
    ToggleGroup group = new ToggleGroup();
    List<RadioMenuItem> items = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      T value = values.get(i);
      RadioMenuItem item = new RadioMenuItem(label.apply(value));
      item.setId("option-" + String.valueOf(value).toLowerCase(Locale.ROOT));
      item.setToggleGroup(group);
      item.setUserData(value);
      item.setAccelerator(modifier != null
          ? new KeyCodeCombination(keys.get(i), modifier)
          : shortcut(keys.get(i), KeyCombination.SHIFT_DOWN));
      item.setOnAction(e -> vm.mosaicOptionsProperty().set(with.apply(vm.mosaicOptionsProperty().get(), value)));
      items.add(item);
    }
    Runnable sync = () -> {
      T current = get.apply(vm.mosaicOptionsProperty().get());
      items.forEach(it -> it.setSelected(it.getUserData().equals(current)));
    };
    vm.mosaicOptionsProperty().addListener((obs, old, o) -> sync.run());
    sync.run();
    menu.getItems().setAll(items);
    return menu;
  }

  static String describe(Object option) {
    if (option instanceof ChannelOrder o) {
      return switch (o) {
        case INDEX -> "By index";
        case MEAN -> "Highest mean first";
        case MAX -> "Highest peak first";
      };
    }
    if (option instanceof MapNormalization n) {
      return switch (n) {
        case CHANNEL -> "Per channel";
        case LAYER -> "Per layer";
        case PERCENTILE -> "Layer percentiles (1-99 %)";
      };
    }
    if (option instanceof Colormap c) {
      String name = c.name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
    return String.valueOf(option);
  }

  /** One item per recent file; a file that is gone shows as "(missing)" and disabled (its drive may come back). */
  private void fillRecent(Settings s) {
    recentMenu.getItems().clear();
    for (String f : s.recentFiles()) {
      Path p = Path.of(f);
      boolean missing = !Files.isRegularFile(p);
      MenuItem it = new MenuItem(p.getFileName() + "  \u2014  " + (p.getParent() == null ? "" : p.getParent())
          + (missing ? "  (missing)" : ""));
      it.setMnemonicParsing(false);
      it.setDisable(missing);
      it.setOnAction(e -> controller.openImage(p));
      recentMenu.getItems().add(it);
    }
    recentMenu.setDisable(s.recentFiles().isEmpty());
  }

  private void fillSamples() {
    samplesMenu.getItems().clear();
    List<Path> samples = controller.sampleImages();
    KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
        KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
    for (int i = 0; i < samples.size(); i++) {
      Path p = samples.get(i);
      MenuItem it = new MenuItem(p.getFileName().toString());
      it.setMnemonicParsing(false);
      if (i < digits.length) {
        it.setAccelerator(shortcut(digits[i]));
      }
      it.setOnAction(e -> controller.openImage(p));
      samplesMenu.getItems().add(it);
    }
  }

  private MenuItem openModelItem() {
    MenuItem open = item("Open _model...", Feather.LAYERS, shortcut(KeyCode.O, KeyCombination.ALT_DOWN),
        e -> actions.chooseModel().run());
    open.setId("openModelItem");
    return open;
  }

  /** A TensorFlow SavedModel is a folder, which a file dialog cannot pick: a folder chooser. */
  private MenuItem openSavedModelItem() {
    MenuItem open = item("Open Tensor_Flow SavedModel folder...", Feather.FOLDER, null,
        e -> actions.chooseSavedModel().run());
    open.setId("openSavedModelItem");
    return open;
  }

  /**
   * File > Model: the built-in models and the recent model files ({@link #modelChoices}, as the toolbar's switcher
   * lists them), then the ways to the model chosen at any time, not only on the banner: download its weights, or
   * look at it untrained.
   */
  private Menu modelMenu() {
    WeightsController weights = controller.weights();
    MenuItem download = item(null, Feather.DOWNLOAD_CLOUD, null, e -> weights.downloadWeights());
    download.setId("downloadWeightsItem");
    download.textProperty().bind(Bindings.createStringBinding(
        () -> downloadLabel(weights.selectedProperty().get()), weights.selectedProperty()));
    download.disableProperty().bind(weights.downloadProperty().isNotNull().or(Bindings.createBooleanBinding(
        () -> weights.selectedProperty().get().bundled(), weights.selectedProperty())));
    MenuItem untrained = item(null, Feather.SHUFFLE, null, e -> weights.useUntrainedWeights());
    untrained.setId("untrainedWeightsItem");
    untrained.textProperty().bind(Bindings.createStringBinding(
        () -> WeightsBanner.untrainedLabel(weights.selectedProperty().get()).replace("untrained", "_untrained"),
        weights.selectedProperty()));
    Menu menu = new Menu("_Model", FontIcon.of(Feather.LAYERS));
    menu.setId("modelMenu");
    Runnable fill = () -> {
      menu.getItems().setAll(modelChoices());
      menu.getItems().addAll(new SeparatorMenuItem(), download, untrained);
    };
    fill.run();
    // The recent files and the model shown change while the app runs.
    controller.settingsProperty().addListener((obs, old, s) -> {
      if (old == null || !old.recentModels().equals(s.recentModels())) {
        fill.run();
      }
    });
    weights.shownProperty().addListener((obs, old, now) -> fill.run());
    return menu;
  }

  /** "Download VGG16's ImageNet weights (554 MB)". */
  private static String downloadLabel(Application app) {
    return "_Download " + app.displayName() + "'s ImageNet weights"
        + (app.downloadSize() == null ? "" : " (" + app.downloadSize() + ")");
  }

  /**
   * The built-in models (the one shown ticked), then the Keras model files opened lately: new items each call, for
   * File > Model and the toolbar's model switcher.
   */
  List<MenuItem> modelChoices() {
    WeightsController weights = controller.weights();
    WeightsChoice shown = weights.shownProperty().get();
    List<MenuItem> items = new ArrayList<>();
    for (Application app : Applications.all()) {
      boolean current = shown != null && shown.application() == app;
      MenuItem it = new MenuItem(app.displayName() + (app.bundled() ? " (bundled, trained)" : ""),
          current ? FontIcon.of(Feather.CHECK) : null);
      it.setId(app.bundled() ? "bundledModelItem" : "modelItem-" + app.id());
      it.setMnemonicParsing(false);
      it.setOnAction(e -> weights.chooseApplication(app));
      items.add(it);
    }
    List<String> recent = controller.settings().recentModels();
    if (!recent.isEmpty()) {
      items.add(new SeparatorMenuItem());
    }
    for (String f : recent) {
      Path p = Path.of(f);
      // A TensorFlow SavedModel is a folder.
      boolean folder = Files.isDirectory(p);
      boolean missing = !Files.isRegularFile(p) && !folder;
      MenuItem it = new MenuItem(p.getFileName() + "  \u2014  " + (p.getParent() == null ? "" : p.getParent())
          + (missing ? "  (missing)" : ""), FontIcon.of(folder ? Feather.FOLDER : Feather.FILE));
      it.getStyleClass().add("recent-model");
      it.setMnemonicParsing(false);
      it.setDisable(missing);
      it.setOnAction(e -> actions.openModel().accept(p));
      items.add(it);
    }
    return items;
  }

  private static MenuItem item(String text, Feather icon, KeyCombination accelerator,
      EventHandler<ActionEvent> action) {
    MenuItem item = new MenuItem(text, FontIcon.of(icon));
    item.setAccelerator(accelerator);
    item.setOnAction(action);
    return item;
  }

  private static KeyCombination shortcut(KeyCode key, KeyCombination.Modifier... more) {
    KeyCombination.Modifier[] all = new KeyCombination.Modifier[more.length + 1];
    all[0] = KeyCombination.SHORTCUT_DOWN; // Ctrl, or Cmd on a Mac
    System.arraycopy(more, 0, all, 1, more.length);
    return new KeyCodeCombination(key, all);
  }

  /**
   * Every key the window knows, as rows of keys and action: the menus' accelerators and mnemonics, read from the
   * menus themselves, then the window's other keys ({@link WindowKeys}), so the list cannot go stale.
   */
  List<String[]> shortcuts() {
    List<String[]> rows = new ArrayList<>();
    for (Menu m : menuBar.getMenus()) {
      collect(m, m.getText().replace("_", ""), rows);
    }
    rows.addAll(WindowKeys.otherKeys());
    for (Menu m : menuBar.getMenus()) {
      int underscore = m.getText().indexOf('_');
      if (underscore >= 0 && underscore + 1 < m.getText().length()) {
        char key = Character.toUpperCase(m.getText().charAt(underscore + 1));
        rows.add(new String[] {"Alt+" + key, "Open the " + m.getText().replace("_", "") + " menu"});
      }
    }
    return rows;
  }

  private static void collect(Menu menu, String path, List<String[]> rows) {
    for (MenuItem it : menu.getItems()) {
      if (it instanceof Menu sub) {
        collect(sub, path + " > " + sub.getText().replace("_", ""), rows);
      } else if (it.getAccelerator() != null) {
        rows.add(new String[] {it.getAccelerator().getDisplayText(), path + " > " + it.getText().replace("_", "")});
      }
    }
  }

  /**
   * The shortcuts in a two-column grid. Key labels never shrink below their text (the column is as wide as the
   * longest); actions wrap rather than cut; the dialog scrolls vertically only.
   */
  private void showShortcuts() {
    GridPane grid = new GridPane();
    grid.setId("shortcutsGrid");
    grid.setHgap(24);
    grid.setVgap(4);
    grid.setPadding(new Insets(8));
    ColumnConstraints keys = new ColumnConstraints();
    keys.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints actions = new ColumnConstraints();
    actions.setMinWidth(Region.USE_PREF_SIZE);
    grid.getColumnConstraints().setAll(keys, actions);
    int row = 0;
    for (String[] s : shortcuts()) {
      Label key = boldLabel(s[0]);
      key.setMinWidth(Region.USE_PREF_SIZE);
      Label action = new Label(s[1]);
      action.getStyleClass().add("shortcut-action");
      action.setMinWidth(Region.USE_PREF_SIZE);
      grid.addRow(row++, key, action);
    }
    ScrollPane scroll = new ScrollPane(grid);
    scroll.setId("shortcutsScroll");
    scroll.setPrefViewportHeight(460);
    // The vertical bar always takes its place, so the grid never has less than its own width.
    scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    showInfoDialog("Keyboard shortcuts", scroll);
  }

  private static Label boldLabel(String text) {
    Label l = new Label(text);
    l.getStyleClass().addAll(Styles.TEXT_BOLD, "shortcut-key");
    return l;
  }

  private void showLog() {
    Path log = UserFolders.logFile();
    try {
      SystemOpener.open(log);
      controller.notifier().info("Log", "Opening " + log);
    } catch (IOException e) {
      controller.notifier().warning("Could not open the log", "It is at " + log + ": open it with a text editor.");
    }
  }

  private void copyDiagnostics() {
    ClipboardContent content = new ClipboardContent();
    content.putString(Diagnostics.report(UserFolders.cacheRoot(), UserFolders.logFile()));
    Clipboard.getSystemClipboard().setContent(content);
    controller.notifier().info("Diagnostics copied", "Versions, system, caches and the last errors are on the "
        + "clipboard, ready to paste into a bug report.");
  }

  private void showAbout() {
    VBox box = new VBox(6);
    Label title = new Label("ConvLens " + Versions.load().app(), new ImageView(AppIcon.of(64)));
    title.setId("aboutTitle");
    title.setGraphicTextGap(12);
    title.getStyleClass().add(Styles.TITLE_3);
    box.getChildren().add(title);
    Label what = new Label("Shows what a convolutional network sees: filters, feature maps, predictions.\n"
        + "Keras's ResNet50V2 with its ImageNet weights, the bundled trained MobileNet, or your own Keras model file.");
    what.setMinWidth(Region.USE_PREF_SIZE); // the dialog widens rather than cutting the text short
    box.getChildren().add(what);
    String[] versions = Versions.load().lines();
    for (String line : List.of(versions).subList(1, versions.length)) { // the first, "ConvLens 0.1.0", is the title
      Label l = new Label(line);
      l.getStyleClass().add(Styles.TEXT_MUTED);
      box.getChildren().add(l);
    }
    box.setPadding(new Insets(8));
    showInfoDialog("About ConvLens", box);
  }

  private void showInfoDialog(String title, Node content) {
    Dialog<Void> dialog = new Dialog<>();
    dialog.initOwner(stage);
    dialog.initModality(Modality.NONE); // reading the shortcuts while trying them
    dialog.setTitle(title);
    dialog.getDialogPane().setContent(content);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    dialog.getDialogPane().getStylesheets().addAll(stage.getScene().getStylesheets());
    dialog.show();
  }
}
