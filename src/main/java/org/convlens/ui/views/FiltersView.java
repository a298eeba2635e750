package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
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
import org.convlens.model.SignatureNetwork;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridImage;
import org.convlens.viz.FilterGridLayout;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.FilterKernel;
import org.convlens.viz.FilterNormalization;
import org.convlens.viz.FilterPage;
import org.convlens.viz.Statistics;

/**
 * The "Filters" tab: any convolution's kernel, chosen from a list (the first selected), as a grid (one row per
 * filter, one column per input channel, plus the colour each filter responds to for an RGB input), at a
 * whole-number zoom with crisp pixels, with a legend and a read-out of the filter under the mouse. Big kernels
 * are shown a page at a time. Needs only the network, not an image.
 */
public final class FiltersView implements AnalysisView {
  private static final String NO_MODEL = "The filters appear here once the model's weights are read.";
  private static final String NO_CONV = "This model has no convolution layer, so it has no filters to show.";
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
  private final ComboBox<KernelChoice> layer = new ComboBox<>();
  private final Label pageLabel = new Label();
  private final Button previousFilters = pageButton("filtersPreviousFilters", "◀ Filters", "The previous filters");
  private final Button nextFilters = pageButton("filtersNextFilters", "Filters ▶", "The next filters");
  private final Button previousChannels = pageButton("filtersPreviousChannels", "◀ Channels", "The previous channels");
  private final Button nextChannels = pageButton("filtersNextChannels", "Channels ▶", "The next channels");
  private final HBox paging = new HBox(6, pageLabel, previousFilters, nextFilters, previousChannels, nextChannels);
  private final ZoomBar zoom = new ZoomBar("filters", this::fit);
  private Rendered shown;
  private boolean updatingCombo;
  /** The part of the chosen kernel to draw next; null for its first page. */
  private FilterPage requestedPage;
  /** A new network's grid opens fitted to the window, once the tab has a size. */
  private boolean fitPending = true;

  /**
   * What the grid shows, kept for hover, paging and export: {@code firstPage} gives the page size, {@code
   * filterStats} one summary per filter of the page (its rows, or a depthwise kernel's columns).
   */
  private record Rendered(Network network, KernelChoice choice, FilterPage firstPage, FilterGridImage grid,
      List<Statistics.Summary> filterStats, Image image) {
    /** Made in the background, with the picture converted for display there too (not on the JavaFX thread). */
    Rendered(Network network, KernelChoice choice, FilterPage firstPage, FilterGridImage grid,
        List<Statistics.Summary> stats) {
      this(network, choice, firstPage, grid, stats, FxImages.of(grid.raster()));
    }

    FilterKernel kernel() {
      return choice.kernel();
    }

    FilterPage page() {
      return grid.page();
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
      listLayers(n);
      render();
    });
    vm.filterOptionsProperty().addListener((obs, old, o) -> {
      syncCombo();
      render();
    });
    syncCombo();
    listLayers(vm.getNetwork());
    render();
  }

  private static Button pageButton(String id, String text, String tip) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new Tooltip(tip));
    return b;
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
    layer.setId("filtersLayer");
    layer.setVisibleRowCount(20);
    layer.setConverter(new StringConverter<>() {
      @Override
      public String toString(KernelChoice c) {
        return c == null ? "" : c.label();
      }

      @Override
      public KernelChoice fromString(String s) {
        return null;
      }
    });
    layer.valueProperty().addListener((obs, old, c) -> {
      if (!updatingCombo) {
        fitPending = true;
        requestedPage = null;
        render();
      }
    });
    TypeToSelect.install(layer, KernelChoice::name);
    previousFilters.setOnAction(e -> turn(-1, 0));
    nextFilters.setOnAction(e -> turn(1, 0));
    previousChannels.setOnAction(e -> turn(0, -1));
    nextChannels.setOnAction(e -> turn(0, 1));
    pageLabel.setId("filtersPage");
    paging.setId("filtersPaging");
    paging.setAlignment(Pos.CENTER_LEFT);
    zoom.integerOnly(MAX_ZOOM);
    zoom.zoomProperty().addListener((obs, old, z) -> applyZoom());
    scroll.layoutBoundsProperty().addListener((obs, old, b) -> {
      if (fitPending) {
        fit();
      }
    });

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header = new HBox(8, new Label("Layer"), layer, new Label("Normalisation"), normalization, spacer,
        zoom.node());
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
    content.setTop(new VBox(6, header, paging, legend, untrained));
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

  /** Lists {@code network}'s convolution kernels and selects the first; a new model starts there. */
  private void listLayers(Network network) {
    updatingCombo = true;
    try {
      List<KernelChoice> choices = network == null ? List.of() : KernelChoice.of(network);
      layer.getItems().setAll(choices);
      layer.setValue(choices.isEmpty() ? null : choices.get(0));
      requestedPage = null;
    } finally {
      updatingCombo = false;
    }
  }

  private void render() {
    Network network = vm.getNetwork();
    FilterGridOptions options = vm.filterOptionsProperty().get();
    KernelChoice choice = layer.getValue();
    if (network == null || choice == null) {
      request.cancel();
      shown = null;
      showPlaceholder(network == null ? NO_MODEL
          : network.signature().isPresent() ? SignatureNetwork.NEEDS_KERAS : NO_CONV);
      return;
    }
    FilterPage wanted = requestedPage;
    request.submit("Drawing the filters of " + choice.name(), p -> {
      FilterKernel kernel = choice.kernel();
      FilterPage first = FilterPage.first(kernel, options);
      FilterGridImage grid = FilterGrid.render(kernel, options, wanted == null ? first : wanted);
      return new Rendered(network, choice, first, grid, filterStats(kernel, grid.page()));
    }, this::display);
  }

  /** Each filter's own weight range on the page, for the hover read-out (runs in the background). */
  private static List<Statistics.Summary> filterStats(FilterKernel kernel, FilterPage page) {
    boolean columns = kernel.filtersAreColumns();
    int count = columns ? page.channels() : page.filters();
    List<Statistics.Summary> stats = new ArrayList<>(count);
    for (int u = 0; u < count; u++) {
      stats.add(columns ? kernel.filterSummary(0, page.firstChannel() + u)
          : kernel.filterSummary(page.firstFilter() + u, 0));
    }
    return stats;
  }

  /** Shows the next ({@code +1}) or previous ({@code -1}) page of filters or channels. */
  private void turn(int filters, int channels) {
    if (shown == null || shown.choice() != layer.getValue()) {
      return; // another layer is being drawn: its first page comes first
    }
    FilterKernel k = shown.kernel();
    // From the page last asked for, so quick clicks add up while the grid is still being drawn.
    FilterPage from = requestedPage != null ? requestedPage : shown.page();
    requestedPage = from.moveFilters(filters, shown.firstPage().filters(), k.rows())
        .moveChannels(channels, shown.firstPage().channels(), k.columns());
    render();
  }

  private void display(Rendered r) {
    shown = r;
    image.setImage(r.image());
    applyZoom();
    legend.setText(legendText(r));
    boolean paged = !r.page().coversAll(r.kernel());
    pageLabel.setText(paged ? pageText(r.kernel(), r.page()) : "");
    paging.setVisible(paged);
    paging.setManaged(paged);
    FilterPage page = r.page();
    previousFilters.setDisable(page.firstFilter() == 0);
    nextFilters.setDisable(page.firstFilter() + page.filters() >= r.kernel().rows());
    previousChannels.setDisable(page.firstChannel() == 0);
    nextChannels.setDisable(page.firstChannel() + page.channels() >= r.kernel().columns());
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

  /** What the grid shows and how to read it: the layer, what rows and columns are, the colours. */
  private static String legendText(Rendered r) {
    FilterKernel k = r.kernel();
    FilterGridLayout layout = r.grid().layout();
    FilterNormalization n = r.grid().options().normalization();
    String what = switch (k.kind()) {
      case DEPTHWISE -> "one " + k.height() + "×" + k.width() + " kernel per input channel: " + k.columns()
          + " channels (columns) × depth multiplier " + k.rows() + " (rows)";
      case TRANSPOSED -> k.rows() + " filters (rows) × " + k.columns() + " input channels (columns)";
      case CONV -> k.groups() > 1
          ? "groups: " + k.groups() + ", each filter sees " + k.columns() + " of " + k.inputChannels()
              + " channels · " + k.rows() + " filters (rows) × the " + k.columns()
              + " channels of each filter's group (columns)"
          : k.rows() + " filters (rows) × " + k.columns() + " input channels (columns)";
    };
    String colours = n == FilterNormalization.SYMMETRIC
        ? "blue = negative weight, white = zero, red = positive"
        : "dark = small or negative weight, light = large or positive";
    return r.choice().name() + " " + Tensor.formatShape(k.weights().shape()) + " " + r.choice().type() + ": " + what
        + (layout.colourColumn() ? " + the colour each responds to" : "")
        + (k.pointwise() ? " · 1×1 kernels: one square per weight" : "")
        + " · " + colours + " · normalised " + n.description()
        + (r.grid().nonFiniteWeights() > 0 ? " · " + r.grid().nonFiniteWeights() + " NaN/Inf weights (magenta)" : "");
  }

  /** "showing 64 of 512 filters × 64 of 512 channels (filters 1-64, channels 65-128)". */
  static String pageText(FilterKernel k, FilterPage p) {
    String rows = k.kind() == FilterKernel.Kind.DEPTHWISE ? "multipliers" : "filters";
    return "showing " + p.filters() + " of " + k.rows() + " " + rows + " × " + p.channels() + " of " + k.columns()
        + " channels (" + rows + " " + range(p.firstFilter(), p.filters()) + ", channels "
        + range(p.firstChannel(), p.channels()) + ")";
  }

  private static String range(int first, int count) {
    return (first + 1) + "-" + (first + count);
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
  public Optional<ZoomBar> zoomBar() {
    return Optional.of(zoom);
  }

  private void hovered(MouseEvent e) {
    hover.setText(shown == null ? "" : describeAt((int) Math.floor(e.getX() / zoom.zoom()),
        (int) Math.floor(e.getY() / zoom.zoom())));
  }

  /**
   * The read-out for raster pixel (x, y): "filter 12, channel G: min -0.31, max 0.44" with the filter's own
   * range (a depthwise kernel: "channel 5, multiplier 0: ..." with the channel's), empty off a cell.
   */
  String describeAt(int x, int y) {
    Optional<FilterGridLayout.Cell> cell = shown.grid().layout().cellAt(x, y);
    if (cell.isEmpty()) {
      return "";
    }
    FilterKernel k = shown.kernel();
    FilterPage page = shown.page();
    int row = page.firstFilter() + cell.get().filter();
    Statistics.Summary s;
    String where;
    if (cell.get().isColour()) {
      s = shown.filterStats().get(cell.get().filter());
      where = "filter " + row + ", colour";
    } else {
      int column = page.firstChannel() + cell.get().channel();
      String channel = "channel " + channelName(k.inputChannel(row, column), k.inputChannels());
      if (k.filtersAreColumns()) {
        s = shown.filterStats().get(cell.get().channel());
        where = channel + ", multiplier " + row;
      } else {
        s = shown.filterStats().get(cell.get().filter());
        where = "filter " + row + (k.groups() > 1 ? " (group " + k.group(row) + ")" : "") + ", " + channel;
      }
    }
    return String.format("%s: min %.2f, max %.2f", where, s.min(), s.max());
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

  /** The grid at full resolution (zoom 1), with the layer, the part shown, normalisation and weights in its metadata. */
  @Override
  public Optional<ViewImage> currentImage() {
    if (shown == null) {
      return Optional.empty();
    }
    // The filters do not depend on the image, so the export names none.
    Map<String, String> meta = ViewText.runMetadata(shown.network(), null);
    meta.remove("Source image");
    meta.put("View", "Filters");
    meta.put("Layer", shown.choice().name());
    meta.put("Layer type", shown.choice().type());
    meta.put("Kernel shape", Tensor.formatShape(shown.kernel().weights().shape()));
    if (!shown.page().coversAll(shown.kernel())) {
      meta.put("Part shown", pageText(shown.kernel(), shown.page()));
    }
    FilterNormalization n = shown.grid().options().normalization();
    meta.put("Normalisation", n.description());
    meta.put("Colormap", n.colormap().description());
    return Optional.of(new ViewImage(shown.grid().raster(), "filters-" + shown.choice().fileStem() + ".png", meta));
  }

  /** The grid shown now, for tests that check its layout numbers. */
  Optional<FilterGridImage> shownGrid() {
    return Optional.ofNullable(shown).map(Rendered::grid);
  }

  /** The whole kernel of the chosen layer (every page), as Keras stores it. */
  @Override
  public Optional<LayerKernel> currentKernel() {
    return shown == null ? Optional.empty() : Optional.of(new LayerKernel(shown.choice().name(),
        shown.choice().fileStem() + "-kernel.npy", shown.kernel().weights()));
  }
}
