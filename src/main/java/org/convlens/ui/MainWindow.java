package org.convlens.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Application;
import javafx.geometry.Pos;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convlens.model.Network;
import org.convlens.pipeline.Analysis;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.ui.views.AnalysisView;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window, assembled in one place: the menu bar ({@link MainMenu}), toolbar, weights banner, the left
 * panel with the image and the predictions, the analysis tabs in the centre, the status bar, the notification
 * overlay, drag and drop and the open dialogs (the export dialogs are the {@link ExportController}'s). It wires
 * nodes to the {@link MainController}'s properties and actions and computes nothing itself.
 *
 * <p>Tests create it on a stage of their own with a temporary {@link AppContext} and drive it through
 * {@link #controller()}.
 */
public final class MainWindow {
  public static final String TITLE = "ConvLens";
  /** The tab a newcomer sees first: what the network does with the image, not its parts list. */
  static final String FIRST_TAB = "Feature maps";
  /** Below this the panels no longer fit: the predictions, the tabs' toolbars and the status bar need it. */
  static final double MIN_WIDTH = 800;
  static final double MIN_HEIGHT = 560;
  static final String STYLESHEET = "convlens.css";

  private final Stage stage;
  private final AppContext context;
  private final MainViewModel vm = new MainViewModel();
  private final NotificationCenter notifications = new NotificationCenter();
  private final MainController controller;
  private final ExportController export;
  private final List<AnalysisView> views;
  private final TabPane tabs;
  private final MainMenu menu;
  private final StackPane root = new StackPane();

  public MainWindow(Stage stage, AppContext context, TaskRunner tasks) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.context = Objects.requireNonNull(context, "context");
    this.controller = new MainController(context, vm, tasks, notifications);
    // Settings first (the views start from them), and the model starts loading now, not after the window is built.
    controller.start();
    // The theme before the first control: a control's class sets JavaFX's own stylesheet (Modena) when none is set,
    // and parsing it costs the first window time for a stylesheet replaced at once.
    applyTheme(controller.darkModeProperty().get());
    this.tabs = new TabPane();
    this.views = List.copyOf(context.views().create(vm, tasks, e -> notifications.error("Could not show a view", e)));
    this.export = new ExportController(controller, notifications, ExportController.Dialogs.of(stage),
        this::selectedView, Path.of(System.getProperty("user.home")));
    this.menu = new MainMenu(stage, controller, new MainMenu.Actions(this::chooseImage, this::chooseWeights,
        this::chooseModel, this::chooseSavedModel, this::openModel, export::exportCurrentView, export::exportAllViews,
        export::exportActivations, this::selectedView));
  }

  /**
   * Builds the scene and shows the window at once (the weights and the model are loading in the background since
   * the constructor; theme and window bounds come from the settings it read).
   */
  public void show() {
    controller.darkModeProperty().addListener((obs, old, dark) -> applyTheme(dark));

    BorderPane main = new BorderPane();
    WeightsBanner banner = new WeightsBanner(controller.weights(), this::chooseWeights);
    VBox top = new VBox(menu.build(), toolBar(), banner.node());
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
    WindowKeys.install(scene, tabs, this::selectedView);
    stage.setScene(scene);
    stage.titleProperty().bind(Bindings.createStringBinding(this::title,
        controller.weights().shownProperty(), vm.analyzerProperty(), vm.analysisProperty()));
    stage.getIcons().setAll(AppIcon.all());
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
    restoreBounds(controller.settings().window());
    stage.setOnHiding(e -> saveBounds());
    stage.show();
  }

  /** "ConvLens · MobileNet (bundled) · chelsea.png": the model and the image, as far as they are known. */
  private String title() {
    Analysis analysis = vm.getAnalysis();
    Network network = vm.getAnalyzer() != null ? vm.getAnalyzer().model().network() : null;
    String model = WeightsController.modelLabel(controller.weights().shownProperty().get(), network);
    return TITLE + (model == null ? "" : " \u00b7 " + model)
        + (analysis == null ? "" : " \u00b7 " + analysis.source().getFileName());
  }

  /** The window's title, for tests. */
  String stageTitle() {
    return stage.getTitle();
  }

  public MainController controller() {
    return controller;
  }

  /** The File menu's exports. */
  public ExportController export() {
    return export;
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
    return menu.node();
  }

  /** Every menu accelerator, for the shortcuts dialog and tests. */
  public List<String[]> shortcuts() {
    return menu.shortcuts();
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

  /** Restores the saved bounds, never below the minimum size (not every window manager enforces it). */
  private void restoreBounds(Settings.WindowBounds bounds) {
    if (bounds == null) {
      return;
    }
    stage.setX(bounds.x());
    stage.setY(bounds.y());
    stage.setWidth(Math.max(MIN_WIDTH, bounds.width()));
    stage.setHeight(Math.max(MIN_HEIGHT, bounds.height()));
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
    selectTab(FIRST_TAB);
    tabs.getTabs().forEach(MainWindow::joinSceneWhenFirstSelected);
    return tabs;
  }

  /**
   * An unselected tab's view joins the scene when the tab is first selected: the first frame styles and lays out
   * the tab shown, not all of them (about a second of the JavaFX thread's start-up here). The view itself exists
   * and follows the model and image all along; only its nodes wait.
   */
  private static void joinSceneWhenFirstSelected(Tab tab) {
    Node content = tab.getContent();
    if (tab.isSelected() || content == null) {
      return;
    }
    tab.setContent(null);
    tab.selectedProperty().addListener(new ChangeListener<>() {
      @Override
      public void changed(ObservableValue<? extends Boolean> selected, Boolean was, Boolean is) {
        if (is) {
          selected.removeListener(this);
          if (tab.getContent() == null) { // a view that replaced its content meanwhile keeps the new one
            tab.setContent(content);
          }
          tab.getContent().applyCss(); // skins now, so the tab's nodes are all there at once, not at the next pulse
        }
      }
    });
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
      for (MenuItem it : menu.sampleItems()) {
        MenuItem copy = new MenuItem(it.getText());
        copy.setMnemonicParsing(false);
        copy.setOnAction(it.getOnAction());
        samples.getItems().add(copy);
      }
    });
    Button export = toolButton(Feather.SAVE, "Export current view (Ctrl+E)", this.export::exportCurrentView);
    export.setId("exportButton");
    Button exportAll = toolButton(Feather.PACKAGE, "Export all views (Ctrl+Shift+E)", this.export::exportAllViews);
    exportAll.setId("exportAllButton");
    ToggleButton theme = new ToggleButton(null, FontIcon.of(Feather.MOON));
    theme.setId("themeButton");
    theme.getStyleClass().add(Styles.BUTTON_ICON);
    theme.setTooltip(new Tooltip("Dark mode (Ctrl+D)"));
    theme.selectedProperty().bindBidirectional(controller.darkModeProperty());
    Region spacer = new Region();
    javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
    ToolBar bar = new ToolBar(open, samples,
        new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL), modelSwitcher(),
        new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL), export, exportAll, spacer, theme);
    bar.setId("toolBar");
    return bar;
  }

  /** The model switcher: names the model shown; lists the built-in models, then the recent model files. */
  private MenuButton modelSwitcher() {
    MenuButton switcher = new MenuButton(null, FontIcon.of(Feather.LAYERS));
    switcher.setId("modelSwitcher");
    switcher.setTooltip(new Tooltip("Model: the built-in models and the model files opened lately"));
    switcher.setMnemonicParsing(false);
    switcher.textProperty().bind(Bindings.createStringBinding(() -> {
      Network network = vm.getAnalyzer() != null ? vm.getAnalyzer().model().network() : null;
      String label = WeightsController.modelLabel(controller.weights().shownProperty().get(), network);
      return label == null ? "No model" : label;
    }, controller.weights().shownProperty(), vm.analyzerProperty()));
    switcher.setOnShowing(e -> switcher.getItems().setAll(menu.modelChoices()));
    switcher.getItems().setAll(menu.modelChoices()); // so the arrow opens a filled list the first time too
    return switcher;
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
    chooser.setTitle("Open weights or a Keras model file");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Keras weights (*.h5)", "*.h5", "*.hdf5"),
        new FileChooser.ExtensionFilter("All files", "*"));
    initialFolder(controller.settings().weightsFolder()).ifPresent(chooser::setInitialDirectory);
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      controller.weights().openWeights(f.toPath());
    }
  }

  /**
   * "Open model...": a whole Keras model, or an architecture .json and then its weights, or a TensorFlow SavedModel
   * (a file dialog cannot pick a folder: its saved_model.pb stands for it).
   */
  private void chooseModel() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a Keras model or a TensorFlow SavedModel");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Keras models (*.keras, *.h5, *.json)", "*.keras", "*.h5", "*.hdf5",
            "*.json"),
        new FileChooser.ExtensionFilter("TensorFlow SavedModel (saved_model.pb)", "*.pb"),
        new FileChooser.ExtensionFilter("All files", "*"));
    initialFolder(controller.settings().weightsFolder()).ifPresent(chooser::setInitialDirectory);
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      openModel(f.toPath());
    }
  }

  /** "Open TensorFlow SavedModel folder...": the folder holding saved_model.pb and variables/. */
  private void chooseSavedModel() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a TensorFlow SavedModel folder (saved_model.pb and variables/)");
    initialFolder(controller.settings().weightsFolder()).ifPresent(chooser::setInitialDirectory);
    File folder = chooser.showDialog(stage);
    if (folder != null) {
      controller.weights().openModelFile(folder.toPath(), null);
    }
  }

  /** Opens a model file; an architecture .json first asks for the weights saved beside it. */
  private void openModel(Path file) {
    if (!WeightsController.isArchitectureFile(file)) {
      controller.weights().openModelFile(file, null);
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Weights for " + file.getFileName() + " (model.save_weights)");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Keras weights (*.h5)", "*.h5", "*.hdf5"),
        new FileChooser.ExtensionFilter("All files", "*"));
    Optional.ofNullable(file.toAbsolutePath().getParent()).map(Path::toFile).ifPresent(chooser::setInitialDirectory);
    File weights = chooser.showOpenDialog(stage);
    if (weights != null) {
      controller.weights().openModelFile(file, weights.toPath());
    }
  }

  private static Optional<File> initialFolder(String folder) {
    if (folder == null) {
      return Optional.empty();
    }
    File f = new File(folder);
    return f.isDirectory() ? Optional.of(f) : Optional.empty();
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
      if (!files.isEmpty() && WeightsController.isArchitectureFile(files.get(0).toPath())) {
        Path json = files.get(0).toPath();
        javafx.application.Platform.runLater(() -> openModel(json)); // a file dialog, not inside the drop
      } else if (!files.isEmpty()) {
        controller.openDropped(files.get(0).toPath());
      }
      e.setDropCompleted(!files.isEmpty());
      e.consume();
    });
  }
}
