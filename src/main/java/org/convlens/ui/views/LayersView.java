package org.convlens.ui.views;

import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.convlens.image.RgbImage;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.ChannelView;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.Mosaic;
import org.convlens.viz.MosaicOptions;
import org.convlens.viz.Raster;

/**
 * The "Layers" tab: every layer of the network in order; selecting one shows its activation for the current
 * image, computed on demand (through {@link OnDemandLayers}) and cached until the analysis changes. Feature
 * maps show as a mosaic, vectors ({@code avg_pool}, {@code predictions}) as a grid of their values, and the
 * Input layer as the 224x224 picture the model received.
 */
public final class LayersView implements AnalysisView {
  static final String NO_ANALYSIS = "Open an image to see what each layer computes.";
  static final String NO_LAYER = "Choose a layer on the left.";
  /** A SavedModel's "layers" are its signature's outputs: nothing else can be fetched from it. */
  static final String SIGNATURE_LAYERS = "Choose an output of the SavedModel's signature on the left. Any other "
      + "layer needs a Keras model (ConvLens's own layer graph).";
  static final String NO_MODEL = "The layers appear here once the model's weights are read.";
  /** A vector's grid is drawn about this wide, in whole-number steps per value. */
  static final int VECTOR_WIDTH = 512;
  /** The layer list's width at first: "conv4_block6_preact_relu · Activation · (14, 14, 1024)" fits. */
  static final double LIST_WIDTH = 360;
  /** The layer list's narrowest width: "conv4_block6_preact_relu" and its type stay readable. */
  static final double LIST_MIN_WIDTH = 240;
  /** The picture pane's narrowest width when the window is small. */
  static final double PICTURE_MIN_WIDTH = 200;

  private final MainViewModel vm;
  private final OnDemandLayers onDemand;
  private final Consumer<Throwable> errors;
  private final LatestOnly request;
  private final Tab tab = new Tab("Layers");
  private final ObservableList<Layer> layers = FXCollections.observableArrayList();
  private final FilteredList<Layer> filtered = new FilteredList<>(layers, l -> true);
  private final ListView<Layer> list = new ListView<>(filtered);
  private final TextField filter = new TextField();
  private final Label noMatch = ViewText.placeholder("");
  private final ZoomBar zoom = new ZoomBar("layer", this::fit);
  private final SplitPane split = new SplitPane();
  private final ImageView image = new ImageView();
  private final ScrollPane scroll = new ScrollPane();
  private final ProgressIndicator progress = new ProgressIndicator();
  private final Label message = ViewText.placeholder(NO_ANALYSIS);
  private final Label info = new Label();
  private final Label hover = new Label(" ");
  /** Activations computed for {@link #cacheOwner}; read and written on the JavaFX thread only. */
  private final Map<String, Tensor> cache = new HashMap<>();
  private Analysis cacheOwner;
  private Rendered shown;
  /** The layer shown; kept while the filter hides it from the list. */
  private Layer chosen;
  /** A newly chosen layer opens fitted to the pane. */
  private boolean fitPending;
  /** The list's width in pixels as the user left it; kept whatever the window's size does. */
  private double listWidth = LIST_WIDTH;
  private boolean draggingDivider;

  /**
   * What the picture shows, kept for hover and export; {@code mosaic} and {@code vector} may be null, and
   * {@code classes} names a vector's units when it is the model's 1000-class output.
   */
  private record Rendered(Analysis analysis, Layer layer, Tensor activation, Raster raster, Mosaic mosaic,
      ChannelView vector, String description, ImageNetClasses classes, Image image) {
    /** Made in the background, with the picture converted for display there too (not on the JavaFX thread). */
    Rendered(Analysis analysis, Layer layer, Tensor activation, Raster raster, Mosaic mosaic, ChannelView vector,
        String description, ImageNetClasses classes) {
      this(analysis, layer, activation, raster, mosaic, vector, description, classes, FxImages.of(raster));
    }
  }

  /** Computes missing layers with the view model's analyzer; background errors are logged. */
  public LayersView(MainViewModel vm, TaskRunner tasks) {
    this(vm, tasks, OnDemandLayers.using(vm), ViewText.loggingSink("Layers"));
  }

  /** Computes missing layers with {@code onDemand}; background errors are logged. */
  public LayersView(MainViewModel vm, TaskRunner tasks, OnDemandLayers onDemand) {
    this(vm, tasks, onDemand, ViewText.loggingSink("Layers"));
  }

  /**
   * @param onDemand computes layers the analysis lacks, off the JavaFX thread
   * @param errors receives failures of background work, on the JavaFX thread
   */
  public LayersView(MainViewModel vm, TaskRunner tasks, OnDemandLayers onDemand, Consumer<Throwable> errors) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.onDemand = Objects.requireNonNull(onDemand, "onDemand");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.request = new LatestOnly(tasks, this::failed);
    build();
    vm.networkProperty().addListener((obs, old, n) -> fillList(n));
    vm.analysisProperty().addListener((obs, old, a) -> refresh());
    vm.mosaicOptionsProperty().addListener((obs, old, o) -> refresh());
    list.getSelectionModel().selectedItemProperty().addListener((obs, old, l) -> {
      if (l != null && l != chosen) { // null: the filter hid the chosen layer, which stays shown
        chosen = l;
        fitPending = true;
        refresh();
      }
    });
    fillList(vm.getNetwork());
  }

  private void build() {
    filter.setId("layersFilter");
    filter.setPromptText("Filter by layer name or type");
    filter.textProperty().addListener((obs, old, text) -> applyFilter(text));
    list.setId("layersList");
    list.setPlaceholder(ViewText.placeholder(NO_MODEL));
    list.setCellFactory(v -> new LayerCell());
    VBox.setVgrow(list, Priority.ALWAYS);
    VBox left = new VBox(6, filter, list);
    left.setPadding(new Insets(8, 0, 0, 0));
    left.setMinWidth(LIST_MIN_WIDTH);

    image.setId("layerMosaic");
    image.setSmooth(false);
    image.addEventHandler(MouseEvent.MOUSE_MOVED, this::hovered);
    image.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setText(" "));
    scroll.setId("layerScroll");
    scroll.setContent(new StackPane(image));
    scroll.setPannable(true);
    zoom.zoomOnCtrlWheel(scroll);
    scroll.layoutBoundsProperty().addListener((obs, old, b) -> {
      if (fitPending) {
        fit();
      }
    });
    zoom.zoomProperty().addListener((obs, old, z) -> ZoomBar.scale(image, z.doubleValue()));
    progress.setId("layerProgress");
    progress.setMaxSize(48, 48);
    progress.setVisible(false);
    message.setId("layerMessage");
    info.setId("layerInfo");
    info.setWrapText(true);
    hover.setId("layerHover");
    hover.getStyleClass().add("text-muted");

    HBox.setHgrow(info, Priority.ALWAYS);
    info.setMaxWidth(Double.MAX_VALUE);
    HBox top = new HBox(8, zoom.node(), info);
    top.setAlignment(Pos.CENTER_LEFT);
    BorderPane right = new BorderPane(new StackPane(scroll, message, progress));
    right.setTop(top);
    right.setBottom(hover);
    right.setPadding(new Insets(8));
    BorderPane.setMargin(top, new Insets(0, 0, 6, 0));
    split.getItems().setAll(left, right);
    placeDivider();
    tab.setContent(split);
    tab.setClosable(false);
  }

  /**
   * The split itself would keep a fraction, or a width squeezed by a small window, after the window grows
   * again; so the divider is placed in pixels from the list width the user chose by dragging it.
   */
  private void placeDivider() {
    split.widthProperty().addListener((obs, old, w) -> {
      double width = w.doubleValue();
      if (width > 0) {
        double list = Math.max(LIST_MIN_WIDTH, Math.min(listWidth, width - PICTURE_MIN_WIDTH));
        split.setDividerPositions(list / width);
      }
    });
    split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> draggingDivider = true);
    split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> draggingDivider = false);
    split.getDividers().get(0).positionProperty().addListener((obs, old, p) -> {
      if (draggingDivider && split.getWidth() > 0) {
        listWidth = p.doubleValue() * split.getWidth();
      }
    });
  }

  private void fillList(Network network) {
    chosen = null;
    layers.setAll(network == null ? List.of() : network.graph().layers());
    refresh();
  }

  private void applyFilter(String text) {
    String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    filtered.setPredicate(needle.isEmpty() ? l -> true
        : l -> l.name().toLowerCase(Locale.ROOT).contains(needle)
            || l.type().toLowerCase(Locale.ROOT).contains(needle));
    noMatch.setText("No layer matches '" + (text == null ? "" : text.strip()) + "'");
    list.setPlaceholder(layers.isEmpty() ? ViewText.placeholder(NO_MODEL) : noMatch);
    if (chosen != null && filtered.contains(chosen)) {
      list.getSelectionModel().select(chosen); // the chosen layer stays marked when it shows again
    }
  }

  /** Shows the selected layer for the current analysis and options. */
  private void refresh() {
    Analysis analysis = vm.getAnalysis();
    if (analysis != cacheOwner) {
      cache.clear(); // activations belong to one image
      cacheOwner = analysis;
    }
    Layer layer = chosen;
    Network network = vm.getNetwork();
    if (network == null || layer == null || analysis == null) {
      request.cancel();
      showMessage(network == null ? NO_MODEL : analysis == null ? NO_ANALYSIS
          : network.signature().isPresent() ? SIGNATURE_LAYERS : NO_LAYER);
      return;
    }
    MosaicOptions options = vm.mosaicOptionsProperty().get();
    String name = layer.name();
    if (layer.config() instanceof LayerConfig.Input) {
      RgbImage input = analysis.input().image();
      showProgress();
      request.submit("Showing the input", p -> new Rendered(analysis, layer, null,
          Raster.ofRgb(input.width(), input.height(), input.pixels()), null, null,
          "The " + input.width() + " × " + input.height() + " picture the model received", null), this::display);
      return;
    }
    Tensor known = cache.get(name);
    if (known == null && analysis.activations().has(name)) {
      known = analysis.activations().get(name);
    }
    showProgress();
    boolean classOutput = name.equals(network.graph().outputLayer()) && network.hasPredictions();
    if (known != null) {
      Tensor t = known;
      request.submit("Drawing " + name, p -> render(analysis, layer, t, options, classOutput), this::display);
    } else {
      request.submit("Computing " + name, p -> {
        Activations computed = onDemand.compute(analysis, List.of(name));
        return render(analysis, layer, computed.get(name), options, classOutput);
      }, r -> {
        cache.put(name, r.activation());
        display(r);
      });
    }
  }

  /**
   * Runs in the background. {@code classOutput}: the layer is the model's ImageNet head, whose 1000 units are
   * named by the same class list the predictions use.
   */
  private static Rendered render(Analysis analysis, Layer layer, Tensor t, MosaicOptions options,
      boolean classOutput) {
    int[] s = t.shape();
    if (s.length == 1 || (s.length == 2 && s[0] == 1)) {
      int n = s[s.length - 1];
      int[] grid = vectorGrid(n);
      ChannelView vector = ChannelView.of(t.reshape(grid[0], grid[1], 1), 0);
      Raster raster = vector.render(Math.max(1, VECTOR_WIDTH / grid[1]), options.colormap());
      ImageNetClasses classes = classOutput ? ImageNetClasses.load() : null;
      return new Rendered(analysis, layer, t, raster, null, vector, n + " values as a " + grid[0] + " × "
          + grid[1] + " grid, row by row · " + String.format("min %.4g · max %.4g · mean %.4g",
          vector.stats().min(), vector.stats().max(), vector.stats().mean()),
          classes != null && classes.size() == n ? classes : null);
    }
    Mosaic mosaic = FeatureMosaic.render(t, options);
    return new Rendered(analysis, layer, t, mosaic.raster(), mosaic, null, ViewText.mosaicInfo(mosaic), null);
  }

  /** Rows and columns for {@code n} values: the nearest-to-square exact fit, e.g. 2048 as 32 x 64. */
  static int[] vectorGrid(int n) {
    for (int cols = (int) Math.ceil(Math.sqrt(n)); cols < n; cols++) {
      if (n % cols == 0 && cols <= 4 * Math.sqrt(n)) {
        return new int[] {n / cols, cols};
      }
    }
    return new int[] {1, Math.max(1, n)};
  }

  private void display(Rendered r) {
    shown = r;
    progress.setVisible(false);
    message.setVisible(false);
    scroll.setVisible(true);
    image.setImage(r.image());
    ZoomBar.scale(image, zoom.zoom());
    info.setText(r.layer().name() + " · " + r.layer().type()
        + (r.activation() == null ? "" : " · " + Tensor.formatShape(r.activation().shape())) + " · "
        + r.description());
    hover.setText(" ");
    if (fitPending) {
      tab.getContent().applyCss(); // the info line's height decides the room left for the picture
      ((javafx.scene.Parent) tab.getContent()).layout();
      fit();
    }
  }

  /** Zooms so the whole picture shows; waits while the tab has no size yet. */
  private void fit() {
    if (image.getImage() == null) {
      return;
    }
    double f = ZoomBar.fitting(scroll, image.getImage().getWidth(), image.getImage().getHeight());
    if (f > 0) {
      fitPending = false;
      zoom.setZoom(f);
    }
  }

  @Override
  public Optional<ZoomBar> zoomBar() {
    return Optional.of(zoom);
  }

  private void hovered(MouseEvent e) {
    if (shown == null) {
      return;
    }
    int x = (int) Math.floor(e.getX() / zoom.zoom());
    int y = (int) Math.floor(e.getY() / zoom.zoom());
    Raster r = shown.raster();
    if (x < 0 || y < 0 || x >= r.width() || y >= r.height()) {
      return;
    }
    if (shown.mosaic() != null) {
      hover.setText(shown.mosaic().tileAt(x, y).map(t -> String.format("channel %d · min %.4g · max %.4g",
          t.channel(), t.stats().min(), t.stats().max())).orElse(" "));
    } else if (shown.vector() != null) {
      ChannelView v = shown.vector();
      long unit = (long) y * v.height() / r.height() * v.width() + (long) x * v.width() / r.width();
      String name = shown.classes() == null ? "" : " (" + shown.classes().label((int) unit) + ")";
      hover.setText(String.format("unit %d%s: %.4g", unit, name, v.valueUnder(x, y, r.width(), r.height())));
    }
  }

  private void failed(Throwable e) {
    showMessage("Could not show this layer: " + ViewText.message(e));
    errors.accept(e);
  }

  private void showProgress() {
    progress.setVisible(true);
    message.setVisible(false); // "Choose a layer" under the spinner reads as if nothing was chosen
  }

  private void showMessage(String text) {
    shown = null;
    image.setImage(null);
    info.setText("");
    hover.setText(" ");
    progress.setVisible(false);
    scroll.setVisible(false);
    message.setText(text);
    message.setVisible(true);
  }

  /** How many activations are cached for the current analysis: for tests. */
  int cachedLayers() {
    return cache.size();
  }

  @Override
  public Tab tab() {
    return tab;
  }

  /** The selected layer's picture at full resolution, named after the layer. */
  @Override
  public Optional<ViewImage> currentImage() {
    if (shown == null) {
      return Optional.empty();
    }
    Map<String, String> meta = ViewText.runMetadata(vm.getNetwork(), shown.analysis());
    meta.put("View", "Layers");
    meta.put("Layer", shown.layer().name());
    meta.put("Type", shown.layer().type());
    if (shown.activation() != null) {
      meta.put("Shape", Tensor.formatShape(shown.activation().shape()));
    }
    if (shown.mosaic() != null) {
      meta.put("Channels", shown.mosaic().channelSelection());
      meta.put("Normalisation", shown.mosaic().options().normalization().description());
      meta.put("Colormap", shown.mosaic().options().colormap().description());
    } else if (shown.vector() != null) {
      meta.put("Layout", shown.description());
      meta.put("Normalisation", "min-max of the layer");
      meta.put("Colormap", vm.mosaicOptionsProperty().get().colormap().description());
    }
    return Optional.of(new ViewImage(shown.raster(), shown.layer().name() + ".png", meta));
  }

  /** The selected layer's activation once it is shown; none for the Input layer, which is a picture. */
  @Override
  public Optional<LayerActivation> currentActivation() {
    return shown == null || shown.activation() == null ? Optional.empty()
        : Optional.of(new LayerActivation(shown.layer().name(), shown.activation(), shown.analysis()));
  }

  /** A layer as "name · type · (shape)"; the graph knows every output shape before any image is run. */
  private final class LayerCell extends ListCell<Layer> {
    @Override
    protected void updateItem(Layer layer, boolean empty) {
      super.updateItem(layer, empty);
      if (empty || layer == null) {
        setText(null);
        setTooltip(null);
        return;
      }
      Network network = vm.getNetwork();
      LayerGraph graph = network == null ? null : network.graph();
      String shape = graph != null && graph.contains(layer.name())
          ? Tensor.formatShape(graph.outputShape(layer.name())) : "";
      setText(layer.name() + "  ·  " + layer.type() + "  ·  " + shape);
      setTooltip(new Tooltip(getText())); // a narrow list cuts the text: the tooltip has it whole
    }
  }
}
