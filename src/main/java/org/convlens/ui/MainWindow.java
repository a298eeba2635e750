package org.convlens.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.convlens.Versions;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.ui.views.AnalysisView;
import org.convlens.ui.views.ViewImage;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.Colormap;
import org.convlens.viz.MapNormalization;
import org.convlens.viz.MosaicOptions;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window, built in one place: menu bar, toolbar, weights banner, the left panel with the image and the
 * predictions, the analysis tabs in the centre, the status bar, and the notification overlay. It wires nodes to
 * the {@link MainController}'s properties and actions and computes nothing itself.
 *
 * <p>Tests create it on a stage of their own with a temporary {@link AppContext} and drive it through
 * {@link #controller()}.
 */
public final class MainWindow {
  public static final String TITLE = "ConvLens";
  static final String STYLESHEET = "convlens.css";

  private final Stage stage;
  private final AppContext context;
  private final MainViewModel vm = new MainViewModel();
  private final NotificationCenter notifications = new NotificationCenter();
  private final MainController controller;
  private final List<AnalysisView> views;
  private final TabPane tabs = new TabPane();
  private final MenuBar menuBar = new MenuBar();
  private final Menu recentMenu = new Menu("Open _recent");
  private final Menu samplesMenu = new Menu("_Sample images");
  private final StackPane root = new StackPane();

  public MainWindow(Stage stage, AppContext context, TaskRunner tasks) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.context = Objects.requireNonNull(context, "context");
    this.controller = new MainController(context, vm, tasks, notifications);
    this.views = List.copyOf(context.views().create(vm, tasks, e -> notifications.error("A view failed", e)));
  }

  /**
   * Builds the scene, shows the window at once and starts loading the weights and the model in the background.
   */
  public void show() {
    controller.start(); // reads the small settings file first: theme and window bounds come from it
    applyTheme(controller.darkModeProperty().get());
    controller.darkModeProperty().addListener((obs, old, dark) -> applyTheme(dark));

    BorderPane main = new BorderPane();
    VBox top = new VBox(menuBar(), toolBar(), new WeightsBanner(controller.weights(), this::chooseWeights).node());
    main.setTop(top);
    main.setLeft(new PredictionsPanel(controller).node());
    main.setCenter(tabs());
    main.setBottom(new StatusBar(controller).node());
    StackPane.setAlignment(notifications.node(), Pos.TOP_RIGHT);
    root.getChildren().setAll(main, notifications.node());
    root.getStyleClass().add("convlens");

    // Never larger than the screen: small laptops (and the 1280x800 headless test screen) get a window that fits.
    javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
    Scene scene = new Scene(root, Math.min(1280, screen.getWidth()), Math.min(860, screen.getHeight()));
    scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET)).toExternalForm());
    installDragAndDrop(scene);
    stage.setScene(scene);
    stage.setTitle(TITLE);
    stage.setMinWidth(900);
    stage.setMinHeight(600);
    restoreBounds(controller.settings().window());
    stage.setOnHiding(e -> saveBounds());
    stage.show();
  }

  public MainController controller() {
    return controller;
  }

  public NotificationCenter notifications() {
    return notifications;
  }

  public TabPane tabPane() {
    return tabs;
  }

  public List<AnalysisView> views() {
    return views;
  }

  public MenuBar menuBarNode() {
    return menuBar;
  }

  /** The view whose tab is selected. */
  public Optional<AnalysisView> selectedView() {
    Tab selected = tabs.getSelectionModel().getSelectedItem();
    return views.stream().filter(v -> v.tab() == selected).findFirst();
  }

  /** Selects the first tab whose title contains {@code name}, ignoring case; for screenshots and shortcuts. */
  public boolean selectTab(String name) {
    for (Tab tab : tabs.getTabs()) {
      if (tab.getText().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
        tabs.getSelectionModel().select(tab);
        return true;
      }
    }
    return false;
  }

  /** Saves the window bounds; the app calls it when it stops. */
  public void saveBounds() {
    if (stage.getWidth() > 0 && stage.getHeight() > 0 && !Double.isNaN(stage.getX())) {
      controller.updateSettings(s -> s.withWindow(new Settings.WindowBounds(stage.getX(), stage.getY(),
          stage.getWidth(), stage.getHeight(), stage.isMaximized())));
    }
  }

  private void restoreBounds(Settings.WindowBounds bounds) {
    if (bounds == null) {
      return;
    }
    stage.setX(bounds.x());
    stage.setY(bounds.y());
    stage.setWidth(bounds.width());
    stage.setHeight(bounds.height());
    stage.setMaximized(bounds.maximized());
  }

  private static void applyTheme(boolean dark) {
    Application.setUserAgentStylesheet(dark
        ? new PrimerDark().getUserAgentStylesheet()
        : new PrimerLight().getUserAgentStylesheet());
  }

  // ---- centre --------------------------------------------------------------------------------------------

  private Node tabs() {
    tabs.setId("analysisTabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getStyleClass().add(Styles.TABS_FLOATING);
    for (AnalysisView view : views) {
      tabs.getTabs().add(view.tab());
    }
    if (views.isEmpty()) {
      Label none = new Label("No views");
      tabs.getTabs().add(new Tab("Views", none));
    }
    return tabs;
  }

  // ---- menus ---------------------------------------------------------------------------------------------

  private MenuBar menuBar() {
    Menu file = new Menu("_File");
    file.getItems().addAll(
        item("_Open image...", Feather.FOLDER, shortcut(KeyCode.O), e -> chooseImage()),
        item("Open _weights...", Feather.CPU, shortcut(KeyCode.O, KeyCombination.SHIFT_DOWN),
            e -> chooseWeights()),
        recentMenu,
        samplesMenu,
        new SeparatorMenuItem(),
        item("_Export current view...", Feather.SAVE, shortcut(KeyCode.E), e -> exportCurrentView()),
        item("Export _all views...", Feather.PACKAGE, shortcut(KeyCode.E, KeyCombination.SHIFT_DOWN),
            e -> exportAllViews()),
        new SeparatorMenuItem(),
        item("_Quit", Feather.LOG_OUT, shortcut(KeyCode.Q), e -> stage.close()));
    recentMenu.setGraphic(FontIcon.of(Feather.CLOCK));
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
        optionMenu("Number of _maps", List.of(16, 32, 64, 128), n -> n + " maps",
            List.of(KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4), KeyCombination.ALT_DOWN,
            MosaicOptions::maps, MosaicOptions::withMaps),
        optionMenu("Channel _order", List.of(ChannelOrder.values()), MainWindow::describe,
            List.of(KeyCode.I, KeyCode.M, KeyCode.X), null, MosaicOptions::order, MosaicOptions::withOrder),
        optionMenu("_Normalisation", List.of(MapNormalization.values()), MainWindow::describe,
            List.of(KeyCode.C, KeyCode.L, KeyCode.P), null, MosaicOptions::normalization,
            MosaicOptions::withNormalization),
        optionMenu("_Colormap", List.of(Colormap.values()), MainWindow::describe,
            List.of(KeyCode.G, KeyCode.V, KeyCode.A, KeyCode.D), null, MosaicOptions::colormap,
            MosaicOptions::withColormap),
        new SeparatorMenuItem(),
        darkModeItem());

    Menu help = new Menu("_Help");
    help.getItems().addAll(
        item("_Keyboard shortcuts", Feather.COMMAND, new KeyCodeCombination(KeyCode.F1), e -> showShortcuts()),
        item("_About ConvLens", Feather.INFO, new KeyCodeCombination(KeyCode.F1, KeyCombination.SHIFT_DOWN),
            e -> showAbout()));

    menuBar.getMenus().setAll(file, view, help);
    menuBar.setId("menuBar");
    return menuBar;
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
      java.util.function.BiFunction<MosaicOptions, T, MosaicOptions> with) {
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

  private void fillRecent(Settings s) {
    recentMenu.getItems().clear();
    for (String f : s.recentFiles()) {
      Path p = Path.of(f);
      MenuItem it = new MenuItem(p.getFileName() + "  \u2014  " + (p.getParent() == null ? "" : p.getParent()));
      it.setMnemonicParsing(false);
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
    if (samples.isEmpty()) {
      MenuItem cat = new MenuItem("chelsea.png (built in)");
      cat.setAccelerator(shortcut(KeyCode.DIGIT1));
      cat.setOnAction(e -> controller.openFirstSample());
      samplesMenu.getItems().add(cat);
    }
  }

  private static MenuItem item(String text, Feather icon, KeyCombination accelerator,
      javafx.event.EventHandler<javafx.event.ActionEvent> action) {
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

  // ---- toolbar -------------------------------------------------------------------------------------------

  private ToolBar toolBar() {
    Button open = toolButton(Feather.FOLDER, "Open image (Ctrl+O)", this::chooseImage);
    open.setId("openButton");
    MenuButton samples = new MenuButton(null, FontIcon.of(Feather.IMAGE));
    samples.setId("samplesButton");
    samples.setTooltip(new Tooltip("Sample images (Ctrl+1...)"));
    samples.getStyleClass().add(Styles.BUTTON_ICON);
    samples.setOnShowing(e -> {
      samples.getItems().clear();
      for (MenuItem it : samplesMenu.getItems()) {
        MenuItem copy = new MenuItem(it.getText());
        copy.setMnemonicParsing(false);
        copy.setOnAction(it.getOnAction());
        samples.getItems().add(copy);
      }
    });
    Button export = toolButton(Feather.SAVE, "Export current view (Ctrl+E)", this::exportCurrentView);
    export.setId("exportButton");
    Button exportAll = toolButton(Feather.PACKAGE, "Export all views (Ctrl+Shift+E)", this::exportAllViews);
    exportAll.setId("exportAllButton");
    ToggleButton theme = new ToggleButton(null, FontIcon.of(Feather.MOON));
    theme.setId("themeButton");
    theme.getStyleClass().add(Styles.BUTTON_ICON);
    theme.setTooltip(new Tooltip("Dark mode (Ctrl+D)"));
    theme.selectedProperty().bindBidirectional(controller.darkModeProperty());
    Region spacer = new Region();
    javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
    ToolBar bar = new ToolBar(open, samples,
        new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL), export, exportAll, spacer, theme);
    bar.setId("toolBar");
    return bar;
  }

  private static Button toolButton(Feather icon, String tooltip, Runnable action) {
    Button b = new Button(null, FontIcon.of(icon));
    b.getStyleClass().add(Styles.BUTTON_ICON);
    b.setTooltip(new Tooltip(tooltip));
    b.setOnAction(e -> action.run());
    return b;
  }

  // ---- dialogs -------------------------------------------------------------------------------------------

  private void chooseImage() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open image");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif",
            "*.PNG", "*.JPG", "*.JPEG"),
        new FileChooser.ExtensionFilter("All files", "*"));
    initialFolder(controller.settings().imageFolder()).ifPresent(chooser::setInitialDirectory);
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      controller.openImage(f.toPath());
    }
  }

  private void chooseWeights() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open ResNet50V2 weights");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Keras weights (*.h5)", "*.h5", "*.hdf5"),
        new FileChooser.ExtensionFilter("All files", "*"));
    initialFolder(controller.settings().weightsFolder()).ifPresent(chooser::setInitialDirectory);
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      controller.weights().openWeights(f.toPath());
    }
  }

  private void exportCurrentView() {
    Optional<ViewImage> image = selectedView().flatMap(AnalysisView::currentImage);
    if (image.isEmpty()) {
      notifications.warning("Nothing to export", "This tab shows no picture yet.");
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export current view");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    chooser.setInitialFileName(image.get().suggestedFileName());
    initialFolder(controller.settings().exportFolder()).ifPresent(chooser::setInitialDirectory);
    File f = chooser.showSaveDialog(stage);
    if (f != null) {
      Path target = f.getName().toLowerCase(Locale.ROOT).endsWith(".png") ? f.toPath()
          : f.toPath().resolveSibling(f.getName() + ".png");
      controller.exportView(image.get(), target);
    }
  }

  private void exportAllViews() {
    if (controller.viewModel().getAnalysis() == null) {
      notifications.warning("Nothing to export yet", "Open an image first.");
      return;
    }
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Export all views into a folder");
    initialFolder(controller.settings().exportFolder()).ifPresent(chooser::setInitialDirectory);
    File dir = chooser.showDialog(stage);
    if (dir != null) {
      controller.exportAll(dir.toPath());
    }
  }

  private static Optional<File> initialFolder(String folder) {
    if (folder == null) {
      return Optional.empty();
    }
    File f = new File(folder);
    return f.isDirectory() ? Optional.of(f) : Optional.empty();
  }

  /** Every menu accelerator, read from the menus themselves so the list cannot go stale. */
  public List<String[]> shortcuts() {
    List<String[]> rows = new ArrayList<>();
    for (Menu m : menuBar.getMenus()) {
      collect(m, m.getText().replace("_", ""), rows);
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

  private void showShortcuts() {
    GridPane grid = new GridPane();
    grid.setHgap(24);
    grid.setVgap(4);
    grid.setPadding(new Insets(8));
    int row = 0;
    for (String[] s : shortcuts()) {
      Label key = new Label(s[0]);
      key.getStyleClass().addAll(Styles.TEXT_BOLD, "shortcut-key");
      grid.addRow(row++, key, new Label(s[1]));
    }
    grid.addRow(row, boldLabel("Ctrl+Tab"), new Label("Next tab"));
    javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(grid);
    scroll.setPrefViewportHeight(460);
    scroll.setFitToWidth(true);
    showInfoDialog("Keyboard shortcuts", scroll);
  }

  private static Label boldLabel(String text) {
    Label l = new Label(text);
    l.getStyleClass().addAll(Styles.TEXT_BOLD, "shortcut-key");
    return l;
  }

  private void showAbout() {
    VBox box = new VBox(6);
    Label title = new Label("ConvLens");
    title.getStyleClass().add(Styles.TITLE_3);
    box.getChildren().add(title);
    box.getChildren().add(new Label("Shows what Keras's ResNet50V2 sees: filters, feature maps, predictions."));
    for (String line : Versions.load().lines()) {
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

  // ---- drag and drop -------------------------------------------------------------------------------------

  private void installDragAndDrop(Scene scene) {
    scene.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles()) {
        e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
        if (!root.getStyleClass().contains("drop-target")) {
          root.getStyleClass().add("drop-target");
        }
      }
      e.consume();
    });
    scene.setOnDragExited(e -> root.getStyleClass().remove("drop-target"));
    scene.setOnDragDropped(e -> {
      root.getStyleClass().remove("drop-target");
      List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
      if (!files.isEmpty()) {
        controller.openDropped(files.get(0).toPath());
      }
      e.setDropCompleted(!files.isEmpty());
      e.consume();
    });
  }
}
