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
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.NetworkStage;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.ChannelView;
import org.convlens.viz.Colormap;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.Mosaic;
import org.convlens.viz.MosaicOptions;
import org.convlens.viz.Raster;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The "Feature maps" tab: one inner tab per ResNet50V2 stage (conv1 to conv5) showing the stage's activation
 * as a mosaic of channels, re-rendered when the mosaic options change without re-running the model. Zoom with
 * the buttons, Ctrl+scroll or the window's +/- keys (which call {@link #zoomIn()}); click a tile to see that
 * channel large in a side pane, with its statistics, the value under the cursor and an optional overlay on the
 * 224x224 input.
 */
public final class FeatureMapsView implements AnalysisView {
  static final String NO_ANALYSIS = "Open an image to see its feature maps.";
  /** The channel pane draws a map at about this many pixels across, in whole-number steps. */
  static final int CHANNEL_SIZE = 256;
  static final double OVERLAY_ALPHA = 0.5;

  private final MainViewModel vm;
  private final TaskRunner tasks;
  private final Consumer<Throwable> errors;
  private final Tab tab = new Tab("Feature maps");
  private final TabPane stageTabs = new TabPane();
  private final List<StagePage> pages = new ArrayList<>();
  private final BorderPane content = new BorderPane();
  private final Label placeholder = ViewText.placeholder(NO_ANALYSIS);
  private final Label info = new Label();
  private final Label hover = new Label(" "); // one line tall even when empty: the mosaic must not jump
  private final ZoomBar zoom = new ZoomBar("mosaic", this::fit);
  private final ChannelPane channelPane;
  private final ExcitePane excite;

  /** A view whose background errors are logged; the shell should prefer the three-argument constructor. */
  public FeatureMapsView(MainViewModel vm, TaskRunner tasks) {
    this(vm, tasks, ViewText.loggingSink("Feature maps"));
  }

  /** @param errors receives failures of background rendering, on the JavaFX thread */
  public FeatureMapsView(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors) {
    this(vm, tasks, errors, null);
  }

  /**
   * @param explanations when given, the channel pane offers "Show what excites this channel" (activation
   *     maximisation)
   */
  public FeatureMapsView(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors, Explanations explanations) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.excite = explanations == null ? null : new ExcitePane(vm, tasks, explanations, errors);
    this.channelPane = new ChannelPane(); // after tasks, errors and excite: it uses them
    build();
    vm.networkProperty().addListener((obs, old, n) -> {
      channelPane.close();
      showStages(stagesOf(n));
      renderAll();
    });
    // A new image or new options keep the open channel: each stage redraws it with its new mosaic.
    vm.analysisProperty().addListener((obs, old, a) -> renderAll());
    vm.mosaicOptionsProperty().addListener((obs, old, o) -> renderAll());
    renderAll();
  }

  private void build() {
    stageTabs.setId("stageTabs");
    stageTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    showStages(stagesOf(vm.getNetwork()));
    stageTabs.getSelectionModel().selectedItemProperty().addListener((obs, old, t) -> {
      channelPane.close(); // the open channel belongs to the stage that was shown
      zoom.setZoom(selectedPage().pageZoom); // each stage keeps its own zoom
      hover.setText(" ");
      updateInfo();
    });

    zoom.zoomProperty().addListener((obs, old, z) -> {
      StagePage page = selectedPage();
      page.pageZoom = z.doubleValue();
      page.applyZoom();
    });
    info.setId("mosaicInfo");
    info.getStyleClass().add("text-muted");
    hover.setId("mosaicHover");
    hover.getStyleClass().add("text-muted");
    hover.setPadding(new Insets(2, 8, 2, 8));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox toolbar = new HBox(8, zoom.node(), spacer, info);
    toolbar.setAlignment(Pos.CENTER_LEFT);
    toolbar.setPadding(new Insets(4, 8, 4, 8));

    content.setTop(toolbar);
    content.setCenter(stageTabs);
    content.setBottom(hover); // under the mosaic, as in the Filters and Layers tabs
    content.setRight(channelPane.holder);
    tab.setContent(new StackPane(content, placeholder));
    tab.setClosable(false);
  }

  private void renderAll() {
    Analysis analysis = vm.getAnalysis();
    boolean none = analysis == null;
    placeholder.setVisible(none);
    content.setVisible(!none);
    MosaicOptions options = vm.mosaicOptionsProperty().get();
    // The stage on screen first: with a pool of workers it is the first to come back.
    StagePage selected = selectedPage();
    selected.render(analysis, options);
    pages.stream().filter(p -> p != selected).forEach(p -> p.render(analysis, options));
    updateInfo();
  }

  /** ResNet50V2's five stages until a network is known, then that network's ({@link Network#stages}). */
  private static List<NetworkStage> stagesOf(Network network) {
    if (network == null) {
      return ResNet50V2.STAGES;
    }
    List<NetworkStage> stages = network.stages();
    return stages.isEmpty() ? List.of(new NetworkStage("output", network.graph().outputLayer())) : stages;
  }

  /** One inner tab per stage; rebuilt only when the stages change (a network of another shape). */
  private void showStages(List<NetworkStage> stages) {
    if (stages.equals(pages.stream().map(p -> p.stage).toList())) {
      return;
    }
    pages.forEach(p -> p.request.cancel());
    List<StagePage> fresh = stages.stream().map(StagePage::new).toList();
    // Pages first: replacing the tabs fires a selection change, whose listener reads the pages.
    pages.clear();
    pages.addAll(fresh);
    stageTabs.getTabs().setAll(fresh.stream().map(p -> p.tab).toList());
  }

  private StagePage selectedPage() {
    int i = stageTabs.getSelectionModel().getSelectedIndex();
    return pages.get(Math.max(0, i));
  }

  /** The selected stage's layer (the short tab title names only the stage) and what its mosaic shows. */
  private void updateInfo() {
    StagePage page = selectedPage();
    info.setText(page.mosaic == null ? "" : page.stage.layer() + " · " + ViewText.mosaicInfo(page.mosaic));
  }

  private void fit() {
    StagePage page = selectedPage();
    if (page.mosaic != null) {
      Raster r = page.mosaic.raster();
      double f = ZoomBar.fitting(page.scroll, r.width(), r.height());
      if (f > 0) {
        zoom.setZoom(f);
      }
    }
  }

  @Override
  public Optional<ZoomBar> zoomBar() {
    return Optional.of(zoom);
  }

  @Override
  public boolean selectSubTab(int delta) {
    int count = stageTabs.getTabs().size();
    if (count < 2) {
      return false;
    }
    int current = stageTabs.getSelectionModel().getSelectedIndex();
    stageTabs.getSelectionModel().select(Math.floorMod(current + delta, count));
    return true;
  }

  @Override
  public Tab tab() {
    return tab;
  }

  /**
   * The open channel if the side pane shows one, else the selected stage's mosaic, at full resolution, with
   * what it shows (layer, channels, normalisation, colormap) in its metadata.
   */
  @Override
  public Optional<ViewImage> currentImage() {
    StagePage page = selectedPage();
    if (page.mosaic == null) {
      return Optional.empty();
    }
    Map<String, String> meta = ViewText.runMetadata(vm.getNetwork(), page.analysis);
    meta.put("View", "Feature maps");
    meta.put("Stage", page.stage.name());
    meta.put("Layer", page.stage.layer());
    meta.put("Shape", Tensor.formatShape(page.activation.shape()));
    MosaicOptions options = page.mosaic.options();
    if (channelPane.isOpenFor(page)) {
      ChannelPane.Shown c = channelPane.shown;
      meta.put("Channel", Integer.toString(c.view().channel()));
      meta.put("Normalisation", "channel min-max");
      meta.put("Colormap", c.colormap().description());
      if (c.overlay()) {
        meta.put("Overlay", "on the model's input image, alpha " + OVERLAY_ALPHA);
      }
      return Optional.of(new ViewImage(c.raster(),
          page.stage.name() + "-channel" + c.view().channel() + ".png", meta));
    }
    meta.put("Channels", page.mosaic.channelSelection());
    meta.put("Normalisation", options.normalization().description());
    meta.put("Colormap", options.colormap().description());
    return Optional.of(new ViewImage(page.mosaic.raster(), page.stage.name() + ".png", meta));
  }

  /** The selected stage's activation, once it is drawn. */
  @Override
  public Optional<LayerActivation> currentActivation() {
    StagePage page = pages.isEmpty() ? null : selectedPage();
    return page == null || page.activation == null ? Optional.empty()
        : Optional.of(new LayerActivation(page.stage.layer(), page.activation, page.analysis));
  }

  /** One stage's inner tab: its mosaic in a scroll pane, rendered in the background. */
  private final class StagePage {
    final NetworkStage stage;
    final Tab tab;
    final ImageView image = new ImageView();
    final ScrollPane scroll = new ScrollPane();
    final Label message = ViewText.placeholder("");
    final LatestOnly request = new LatestOnly(tasks, this::failed);
    Analysis analysis;
    Tensor activation;
    Mosaic mosaic;
    /** This stage's own zoom: Fit on conv1 must not leave conv4 tiny. */
    double pageZoom = 1;

    StagePage(NetworkStage stage) {
      this.stage = stage;
      // Short titles keep every stage tab visible beside the channel pane; the layer is in the tooltip and
      // the info line.
      tab = new Tab(stage.name());
      tab.setTooltip(new Tooltip(stage.layer()));
      tab.setId("stage-" + stage.name());
      image.setId("mosaicImage-" + stage.name());
      image.setSmooth(false); // enlarged activations stay sharp cells
      image.setPreserveRatio(true);
      image.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
      image.addEventHandler(MouseEvent.MOUSE_MOVED, this::hovered);
      image.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setText(" "));
      scroll.setId("mosaicScroll-" + stage.name());
      scroll.setContent(new StackPane(image));
      scroll.setPannable(true);
      zoom.zoomOnCtrlWheel(scroll);
      message.setVisible(false);
      tab.setContent(new StackPane(scroll, message));
    }

    /** A stage's mosaic and its picture for display, both made in the background. */
    private record Drawn(Mosaic mosaic, Image image) {}

    void render(Analysis a, MosaicOptions options) {
      if (a == null) {
        request.cancel();
        clear("");
        return;
      }
      if (!a.activations().has(stage.layer())) {
        request.cancel();
        clear("This analysis has no layer " + stage.layer() + " (" + stage.name()
            + "): the Layers tab shows any layer.");
        return;
      }
      Tensor t = a.activations().get(stage.layer());
      request.submit("Drawing " + stage.name(), p -> {
        Mosaic drawn = FeatureMosaic.render(t, options);
        return new Drawn(drawn, FxImages.of(drawn.raster())); // converted here, not on the JavaFX thread
      }, d -> {
        analysis = a;
        activation = t;
        mosaic = d.mosaic();
        image.setImage(d.image());
        applyZoom();
        message.setVisible(false);
        scroll.setVisible(true);
        if (this == selectedPage()) {
          updateInfo();
        }
        channelPane.stageRedrawn(this);
      });
    }

    private void clear(String text) {
      analysis = null;
      activation = null;
      mosaic = null;
      image.setImage(null);
      channelPane.stageRedrawn(this);
      message.setText(text);
      message.setVisible(!text.isEmpty());
      scroll.setVisible(text.isEmpty());
    }

    void applyZoom() {
      ZoomBar.scale(image, pageZoom);
    }

    /** The tile under the mouse, through this stage's zoom. */
    private Optional<Mosaic.Tile> tileAt(MouseEvent e) {
      return mosaic == null ? Optional.empty()
          : mosaic.tileAt((int) Math.floor(e.getX() / pageZoom), (int) Math.floor(e.getY() / pageZoom));
    }

    private void clicked(MouseEvent e) {
      if (e.isStillSincePress()) { // a drag to pan is not a click on a tile
        tileAt(e).ifPresent(t -> channelPane.open(this, t.channel()));
      }
    }

    /** Which channel a tile is: the mosaic may be sorted by activity, so its place does not say. */
    private void hovered(MouseEvent e) {
      hover.setText(tileAt(e).map(t -> String.format("channel %d · min %.4g · max %.4g · mean %.4g%s", t.channel(),
          t.stats().min(), t.stats().max(), t.stats().mean(), t.dead() ? " · dead" : "")).orElse(" "));
    }

    private void failed(Throwable e) {
      clear("Could not draw " + stage.layer() + ": " + ViewText.message(e));
      if (this == selectedPage()) {
        updateInfo();
      }
      errors.accept(e);
    }
  }

  /** The side pane showing one channel of the selected stage large. */
  private final class ChannelPane {
    /** What the pane shows now: the raster on screen and how it was made. */
    record Shown(StagePage page, ChannelView view, Raster raster, Colormap colormap, boolean overlay, Image image) {
      /** Made in the background, with the picture converted for display there too. */
      Shown(StagePage page, ChannelView view, Raster raster, Colormap colormap, boolean overlay) {
        this(page, view, raster, colormap, overlay, FxImages.of(raster));
      }
    }

    final VBox node = new VBox(8);
    /** Scrolls the pane when "what excites this channel" makes it taller than the window. */
    final ScrollPane holder = new ScrollPane(node);
    final Label title = new Label();
    final ImageView image = new ImageView();
    final Label stats = new Label();
    final Label value = new Label(" ");
    final CheckBox overlay = new CheckBox("overlay on input");
    final LatestOnly request = new LatestOnly(tasks, this::failed);
    StagePage page;
    int channel;
    Shown shown;

    ChannelPane() {
      node.setId("channelPane");
      stats.setWrapText(true);
      value.setWrapText(true);
      node.setPadding(new Insets(8));
      // Fixed width: the statistics and the value under the cursor change length, the pane must not jump.
      node.setMinWidth(CHANNEL_SIZE + 120);
      node.setPrefWidth(CHANNEL_SIZE + 120);
      node.setMaxWidth(CHANNEL_SIZE + 120);
      node.getStyleClass().add("convlens-channel-pane");
      holder.setFitToWidth(true);
      holder.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
      holder.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
      Button close = new Button("Back to mosaic", new FontIcon(Feather.X));
      close.setId("channelClose");
      close.setOnAction(e -> close());
      title.setId("channelTitle");
      title.getStyleClass().add("title-4");
      image.setId("channelImage");
      image.setSmooth(false);
      image.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
      image.addEventHandler(MouseEvent.MOUSE_EXITED, e -> value.setText(" "));
      stats.setId("channelStats");
      value.setId("channelValue");
      overlay.setId("channelOverlay");
      overlay.selectedProperty().addListener((obs, old, on) -> rerender());
      node.getChildren().addAll(close, title, image, stats, value, overlay);
      if (excite != null) {
        node.getChildren().add(excite.node());
      }
      show(false);
    }

    boolean isOpenFor(StagePage p) {
      return node.isVisible() && page == p && shown != null && shown.page() == p;
    }

    void open(StagePage p, int ch) {
      page = p;
      channel = ch;
      title.setText(p.stage.name() + " · channel " + ch);
      if (excite != null) {
        excite.target(p.stage.layer(), ch);
      }
      show(true);
      rerender();
    }

    /**
     * Called when {@code p} has drawn (or cleared) its mosaic: an open channel of that stage follows it, e.g. to a
     * new image; it closes when the stage has no such channel any more.
     */
    void stageRedrawn(StagePage p) {
      if (page != p) {
        return;
      }
      if (p.activation == null || channel >= p.mosaic.channelCount()) {
        close();
      } else {
        rerender();
      }
    }

    void close() {
      request.cancel();
      if (excite != null) {
        excite.close();
      }
      page = null;
      shown = null;
      image.setImage(null);
      show(false);
    }

    private void show(boolean visible) {
      node.setVisible(visible);
      node.setManaged(visible);
      holder.setVisible(visible);
      holder.setManaged(visible);
    }

    void rerender() {
      if (page == null || page.activation == null) {
        return;
      }
      StagePage p = page;
      Tensor activation = p.activation;
      int ch = channel;
      Colormap colormap = vm.mosaicOptionsProperty().get().colormap();
      boolean over = overlay.isSelected();
      Analysis analysis = p.analysis;
      request.submit("Drawing channel " + ch, progress -> {
        ChannelView view = ChannelView.of(activation, ch);
        Raster raster;
        if (over) {
          var input = analysis.input().image();
          raster = view.overlay(Raster.ofRgb(input.width(), input.height(), input.pixels()), colormap, OVERLAY_ALPHA);
        } else {
          raster = view.render(Math.max(1, Math.round((float) CHANNEL_SIZE / Math.max(view.width(), view.height()))),
              colormap);
        }
        return new Shown(p, view, raster, colormap, over);
      }, s -> {
        shown = s;
        image.setImage(s.image());
        stats.setText(String.format("%d × %d · min %.4g · max %.4g · mean %.4g%s", s.view().width(),
            s.view().height(), s.view().stats().min(), s.view().stats().max(), s.view().stats().mean(),
            s.view().stats().nonFiniteCount() > 0 ? " · " + s.view().stats().nonFiniteCount() + " non-finite" : ""));
        value.setText(" ");
      });
    }

    /** The image is shown 1:1, so the mouse position is the raster pixel. */
    private void moved(MouseEvent e) {
      if (shown == null) {
        return;
      }
      Raster r = shown.raster();
      int px = Math.min(r.width() - 1, Math.max(0, (int) Math.floor(e.getX())));
      int py = Math.min(r.height() - 1, Math.max(0, (int) Math.floor(e.getY())));
      ChannelView v = shown.view();
      value.setText(String.format("value %.4g at row %d, column %d", v.valueUnder(px, py, r.width(), r.height()),
          (long) py * v.height() / r.height(), (long) px * v.width() / r.width()));
    }

    private void failed(Throwable e) {
      stats.setText("Could not draw the channel: " + ViewText.message(e));
      errors.accept(e);
    }
  }
}
