package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridImage;
import org.convlens.viz.FilterGridLayout;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.FilterNormalization;
import org.convlens.viz.Statistics;

/**
 * The "Filters" tab: the first convolution's kernel as a grid (one row per filter, one column per input
 * channel, plus the colour each filter responds to for an RGB input), at a whole-number zoom with crisp
 * pixels, with a legend and a read-out of the filter under the mouse. Needs only the network, not an image.
 */
public final class FiltersView implements AnalysisView {
  private static final String NO_MODEL = "The first layer's filters appear here once the model's weights are read.";
  /** The largest zoom the buttons and Fit go to: 7x7 filters at 8x are 32 px per weight. */
  private static final int MAX_ZOOM = 8;

  private final MainViewModel vm;
  private final LatestOnly request;
  private final Consumer<Throwable> errors;
  private final Tab tab = new Tab("Filters");
  private final ImageView image = new ImageView();
  private final ScrollPane scroll = new ScrollPane();
  private final BorderPane content = new BorderPane();
  private final Label placeholder = ViewText.placeholder(NO_MODEL);
  private final Label legend = new Label();
  private final Label untrained = new Label();
  private final Label hover = new Label();
  private final ComboBox<FilterNormalization> normalization = new ComboBox<>();
  private final ZoomBar zoom = new ZoomBar("filters", this::fit);
  private Rendered shown;
  private boolean updatingCombo;
  /** A new network's grid opens fitted to the window, once the tab has a size. */
  private boolean fitPending = true;

  /** What the grid shows, kept for hover and export. */
  private record Rendered(Network network, String layer, Tensor kernel, FilterGridImage grid,
      List<Statistics.Summary> filterStats, Image image) {
    /** Made in the background, with the picture converted for display there too (not on the JavaFX thread). */
    Rendered(Network network, String layer, Tensor kernel, FilterGridImage grid, List<Statistics.Summary> stats) {
      this(network, layer, kernel, grid, stats, FxImages.of(grid.raster()));
    }
  }

  /** A view whose background errors are logged; the shell should prefer the three-argument constructor. */
  public FiltersView(MainViewModel vm, TaskRunner tasks) {
    this(vm, tasks, ViewText.loggingSink("Filters"));
  }

  /** @param errors receives failures of background rendering, on the JavaFX thread */
  public FiltersView(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.request = new LatestOnly(tasks, this::failed);
    build();
    vm.networkProperty().addListener((obs, old, n) -> {
      fitPending = true;
      render();
    });
    vm.filterOptionsProperty().addListener((obs, old, o) -> {
      syncCombo();
      render();
    });
    syncCombo();
    render();
  }

  private void build() {
    normalization.setId("filtersNormalization");
    normalization.getItems().setAll(FilterNormalization.values());
    normalization.setConverter(new StringConverter<>() {
      @Override
      public String toString(FilterNormalization n) {
        return n == null ? "" : n.description();
      }

      @Override
      public FilterNormalization fromString(String s) {
        return null;
      }
    });
    normalization.valueProperty().addListener((obs, old, n) -> {
      if (!updatingCombo && n != null) {
        vm.filterOptionsProperty().set(vm.filterOptionsProperty().get().withNormalization(n));
      }
    });
    zoom.integerOnly(MAX_ZOOM);
    zoom.zoomProperty().addListener((obs, old, z) -> applyZoom());
    scroll.layoutBoundsProperty().addListener((obs, old, b) -> {
      if (fitPending) {
        fit();
      }
    });

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header = new HBox(8, new Label("Normalisation"), normalization, spacer, zoom.node());
    header.setAlignment(Pos.CENTER_LEFT);

    legend.setId("filtersLegend");
    legend.setWrapText(true);
    untrained.setId("filtersUntrained");
    untrained.getStyleClass().add("warning");
    untrained.setWrapText(true);
    hover.setId("filtersHover");
    hover.getStyleClass().add("text-muted");

    image.setId("filtersImage");
    image.setSmooth(false); // weights are squares: no blur between them (ZoomBar.scale keeps it so above 1x)
    image.setPreserveRatio(true);
    image.addEventHandler(MouseEvent.MOUSE_MOVED, this::hovered);
    image.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setText(""));
    scroll.setId("filtersScroll");
    scroll.setContent(new StackPane(image));
    scroll.setPannable(true);

    content.setCenter(scroll);
    content.setTop(new VBox(6, header, legend, untrained));
    content.setBottom(hover);
    BorderPane.setMargin(scroll, new Insets(6, 0, 6, 0));
    content.setPadding(new Insets(8));
    tab.setContent(new StackPane(content, placeholder));
    tab.setClosable(false);
    showPlaceholder(NO_MODEL);
  }

  private void syncCombo() {
    updatingCombo = true;
    try {
      normalization.setValue(vm.filterOptionsProperty().get().normalization());
    } finally {
      updatingCombo = false;
    }
  }

  private void render() {
    Network network = vm.getNetwork();
    FilterGridOptions options = vm.filterOptionsProperty().get();
    if (network == null) {
      request.cancel();
      shown = null;
      showPlaceholder(NO_MODEL);
      return;
    }
    request.submit("Drawing the first layer's filters", p -> {
      String layer = network.graph().firstConvLayer();
      Tensor kernel = network.firstConvKernel();
      FilterGridImage grid = FilterGrid.render(kernel, options);
      return new Rendered(network, layer, kernel, grid, filterStats(kernel));
    }, this::display);
  }

  /** Each filter's own weight range, for the hover read-out (runs in the background). */
  private static List<Statistics.Summary> filterStats(Tensor kernel) {
    int out = kernel.dim(3);
    int perFilter = kernel.size() / out;
    List<Statistics.Summary> stats = new ArrayList<>(out);
    for (int o = 0; o < out; o++) {
      stats.add(Statistics.summarize(kernel.data(), o, out, perFilter));
    }
    return stats;
  }

  private void display(Rendered r) {
    shown = r;
    image.setImage(r.image());
    applyZoom();
    FilterGridLayout layout = r.grid().layout();
    int[] s = r.kernel().shape();
    FilterNormalization n = r.grid().options().normalization();
    String colours = n == FilterNormalization.SYMMETRIC
        ? "blue = negative weight, white = zero, red = positive"
        : "dark = small or negative weight, light = large or positive";
    legend.setText(r.layer() + " " + Tensor.formatShape(s) + ": " + layout.filters() + " filters (rows) × "
        + layout.channels() + " input channels (columns)" + (layout.colourColumn() ? " + the colour each responds to" : "")
        + " · " + colours + " · normalised " + n.description()
        + (r.grid().nonFiniteWeights() > 0 ? " · " + r.grid().nonFiniteWeights() + " NaN/Inf weights (magenta)" : ""));
    boolean random = r.network().origin().untrained();
    untrained.setText(random ? "Untrained weights: these filters are random noise, not learned edge or colour"
        + " detectors. Weights: " + r.network().origin().description() + "." : "");
    untrained.setVisible(random);
    untrained.setManaged(random);
    hover.setText("");
    placeholder.setVisible(false);
    content.setVisible(true);
    if (fitPending) {
      content.applyCss(); // the legend's new height decides the room left for the grid
      content.layout();
      fit();
    }
  }

  private void applyZoom() {
    ZoomBar.scale(image, zoom.zoom());
  }

  /**
   * Zooms so the whole grid shows: a whole factor when it fits at 1x or more (weights stay equal squares),
   * else the exact fraction. Waits while the tab has no size yet (another tab is shown).
   */
  private void fit() {
    if (image.getImage() == null) {
      return;
    }
    double f = ZoomBar.fitting(scroll, image.getImage().getWidth(), image.getImage().getHeight());
    if (f <= 0) {
      return;
    }
    fitPending = false;
    zoom.setZoom(f >= 1 ? Math.min(MAX_ZOOM, Math.floor(f)) : f);
  }

  @Override
  public void zoomIn() {
    zoom.zoomIn();
  }

  @Override
  public void zoomOut() {
    zoom.zoomOut();
  }

  @Override
  public void zoomToFit() {
    fit();
  }

  private void hovered(MouseEvent e) {
    hover.setText(shown == null ? "" : describeAt((int) Math.floor(e.getX() / zoom.zoom()),
        (int) Math.floor(e.getY() / zoom.zoom())));
  }

  /** The read-out for raster pixel (x, y): "filter 12, channel G: min -0.31, max 0.44", empty off a cell. */
  String describeAt(int x, int y) {
    Optional<FilterGridLayout.Cell> cell = shown.grid().layout().cellAt(x, y);
    if (cell.isEmpty()) {
      return "";
    }
    int f = cell.get().filter();
    Statistics.Summary s = shown.filterStats().get(f);
    String channel = cell.get().isColour() ? "colour"
        : "channel " + channelName(cell.get().channel(), shown.grid().layout().channels());
    return String.format("filter %d, %s: min %.2f, max %.2f", f, channel, s.min(), s.max());
  }

  private static String channelName(int c, int channels) {
    return channels == 3 ? String.valueOf("RGB".charAt(c)) : Integer.toString(c);
  }

  private void failed(Throwable e) {
    shown = null;
    showPlaceholder("Could not draw the filters: " + ViewText.message(e));
    errors.accept(e);
  }

  private void showPlaceholder(String text) {
    image.setImage(null);
    placeholder.setText(text);
    placeholder.setVisible(true);
    content.setVisible(false);
  }

  @Override
  public Tab tab() {
    return tab;
  }

  /** The grid at full resolution (zoom 1), with the layer, normalisation and weights in its metadata. */
  @Override
  public Optional<ViewImage> currentImage() {
    if (shown == null) {
      return Optional.empty();
    }
    // The filters do not depend on the image, so the export names none.
    Map<String, String> meta = ViewText.runMetadata(shown.network(), null);
    meta.remove("Source image");
    meta.put("View", "Filters");
    meta.put("Layer", shown.layer());
    meta.put("Kernel shape", Tensor.formatShape(shown.kernel().shape()));
    FilterNormalization n = shown.grid().options().normalization();
    meta.put("Normalisation", n.description());
    meta.put("Colormap", n.colormap().description());
    return Optional.of(new ViewImage(shown.grid().raster(), "filters-" + shown.layer() + ".png", meta));
  }
}
