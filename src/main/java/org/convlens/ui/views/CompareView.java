package org.convlens.ui.views;

import java.io.File;
import java.nio.file.Path;
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
import javafx.scene.control.Tab;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.convlens.image.ImageLoader;
import org.convlens.image.RgbImage;
import org.convlens.model.NetworkStage;
import org.convlens.model.SignatureNetwork;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.MosaicOptions;
import org.convlens.viz.PairedMosaics;
import org.convlens.viz.Raster;

/**
 * The Explain tab's "Compare": one layer's channels for two inputs side by side, with the same channels in the same order
 * and one normalisation over both (the Feature maps options'), and their difference. Either the current image
 * and a second one (a file or a sample), or the current image through the trained model and through the same
 * architecture with untrained weights (seed {@value Explanations#UNTRAINED_SEED}): learned filters respond to
 * structure, random ones to little but colour and edges. Drawn only while the tab is shown.
 */
public final class CompareView implements AnalysisView {
  static final String NO_ANALYSIS = "Open an image to compare what a layer sees.";
  /** Tiles per mosaic: fewer than Feature maps shows, so three mosaics side by side stay legible. */
  static final int MAPS = 16;
  private static final int GAP = 8;
  private static final int GAP_COLOUR = 0xFFFFFFFF;

  /** What is compared. */
  public enum Mode {
    IMAGES("Two images"),
    WEIGHTS("Trained vs untrained");

    private final String words;

    Mode(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** The sample pictures a second image can be chosen from. */
  public interface Samples {
    List<String> names();

    RgbImage read(String name) throws Exception;
  }

  private final MainViewModel vm;
  private final Explanations explanations;
  private final Samples samples;
  private final Consumer<Throwable> errors;
  private final Tab tab = new Tab("Compare");
  private final Label placeholder = ViewText.placeholder(NO_ANALYSIS);
  private final BorderPane content = new BorderPane();
  private final ComboBox<Mode> mode = new ComboBox<>();
  private final ComboBox<String> layer = new ComboBox<>();
  private final ComboBox<String> sample = new ComboBox<>();
  private final Button file = new Button("Image file...");
  private final HBox secondBox;
  private final Label info = new Label(" ");
  private final Pane first = new Pane("compareFirst");
  private final Pane second = new Pane("compareSecond");
  private final Pane difference = new Pane("compareDifference");
  private final LatestOnly request;
  private final LatestOnly loading;
  /** The second image and where it came from, once chosen. */
  private Second secondImage;
  private Request requested;
  /** The tab this view's tab is nested in, if any: the view draws only when both are selected. */
  private Tab outer;
  private Shown shown;

  private record Second(String name, RgbImage image) {}

  private record Request(Analysis analysis, Analyzer analyzer, Mode mode, String layer, Second second,
      MosaicOptions options) {}

  private record Shown(Request request, PairedMosaics.Paired paired, String firstTitle, String secondTitle,
      Image firstImage, Image secondImage, Image differenceImage) {}

  public CompareView(MainViewModel vm, TaskRunner tasks, Explanations explanations, Samples samples,
      Consumer<Throwable> errors) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.explanations = Objects.requireNonNull(explanations, "explanations");
    this.samples = Objects.requireNonNull(samples, "samples");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.request = new LatestOnly(tasks, this::failed);
    this.loading = new LatestOnly(tasks, this::failed);
    secondBox = new HBox(6, ViewText.muted("second image"), sample, file);
    build();
    vm.analyzerProperty().addListener((obs, old, a) -> {
      fillLayers(a);
      refresh();
    });
    vm.analysisProperty().addListener((obs, old, a) -> refresh());
    vm.mosaicOptionsProperty().addListener((obs, old, o) -> refresh());
    tab.selectedProperty().addListener((obs, old, on) -> refresh());
    fillLayers(vm.getAnalyzer());
    refresh();
  }

  private void build() {
    tab.setId("compareTab");
    tab.setClosable(false);
    mode.setId("compareMode");
    mode.getItems().setAll(Mode.values());
    mode.setValue(Mode.IMAGES);
    mode.setConverter(ViewText.converter(Mode::words));
    mode.valueProperty().addListener((obs, old, m) -> refresh());
    layer.setId("compareLayer");
    layer.valueProperty().addListener((obs, old, l) -> refresh());
    sample.setId("compareSample");
    sample.setPromptText("sample");
    sample.getItems().setAll(samples.names());
    sample.valueProperty().addListener((obs, old, name) -> {
      if (name != null) {
        load(name, () -> samples.read(name));
      }
    });
    file.setId("compareFile");
    file.setOnAction(e -> chooseFile());
    secondBox.setAlignment(Pos.CENTER_LEFT);
    secondBox.visibleProperty().bind(mode.valueProperty().isEqualTo(Mode.IMAGES));
    secondBox.managedProperty().bind(secondBox.visibleProperty());
    FlowPane controls = new FlowPane(12, 6, ViewText.labelled("compare", mode), ViewText.labelled("layer", layer),
        secondBox);
    controls.setAlignment(Pos.CENTER_LEFT);
    info.setId("compareInfo");
    info.getStyleClass().add("text-muted");
    info.setWrapText(true);
    VBox top = new VBox(6, controls, info);
    top.setPadding(new Insets(6, 8, 6, 8));
    HBox panes = new HBox(GAP, first.node, second.node, difference.node);
    panes.setPadding(new Insets(4, 8, 8, 8));
    for (Pane p : List.of(first, second, difference)) {
      HBox.setHgrow(p.node, Priority.ALWAYS);
      p.image.fitWidthProperty().bind(panes.widthProperty().subtract(4 * GAP).divide(3));
    }
    content.setTop(top);
    content.setCenter(panes);
    tab.setContent(new StackPane(content, placeholder));
  }

  /** One of the three pictures, with its title. */
  private static final class Pane {
    final Label title = new Label(" ");
    final ImageView image = new ImageView();
    final VBox node;

    Pane(String id) {
      image.setId(id);
      image.setPreserveRatio(true);
      image.setSmooth(false);
      title.setId(id + "Title");
      title.setWrapText(true);
      title.getStyleClass().add("text-bold");
      node = new VBox(4, title, image);
      node.setMinWidth(0);
    }

    void show(String text, Image picture) {
      title.setText(text);
      image.setImage(picture);
    }
  }

  /** The layers with a spatial map; the first stage by default (where learned filters differ most visibly). */
  private void fillLayers(Analyzer analyzer) {
    ViewText.offerMapLayers(layer, analyzer == null ? null : analyzer.model().network(), network -> {
      List<NetworkStage> stages = network.stages();
      List<String> maps = network.graph().mapLayers();
      return !stages.isEmpty() ? stages.get(0).layer() : maps.isEmpty() ? null : maps.get(0);
    });
  }


  private void chooseFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Second image to compare");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.webp"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File chosen = chooser.showOpenDialog(tab.getTabPane() == null ? null : tab.getTabPane().getScene().getWindow());
    if (chosen != null) {
      openSecond(chosen.toPath());
    }
  }

  /** Compares the current image with {@code image} (what the file button does after its dialog). */
  public void openSecond(Path image) {
    load(image.getFileName().toString(), () -> new ImageLoader().load(image));
  }

  private interface Reader {
    RgbImage read() throws Exception;
  }

  private void load(String name, Reader reader) {
    info.setText("Reading " + name + "...");
    loading.submit("Reading " + name, p -> new Second(name, reader.read()), s -> {
      secondImage = s;
      refresh();
    });
  }

  /** Draws what the controls ask for, if it is not already shown or on its way, while the tab is shown. */
  private void refresh() {
    Analysis analysis = vm.getAnalysis();
    Analyzer analyzer = vm.getAnalyzer();
    placeholder.setVisible(analysis == null);
    content.setVisible(analysis != null);
    if (analysis == null || analyzer == null || !onScreen() || layer.getValue() == null) {
      return;
    }
    Mode m = mode.getValue();
    if (m == Mode.IMAGES && secondImage == null) {
      info.setText("Choose a second image: a sample or a file.");
      return;
    }
    MosaicOptions options = vm.mosaicOptionsProperty().get();
    options = options.withMaps(Math.min(MAPS, options.maps()));
    Request r = new Request(analysis, analyzer, m, layer.getValue(), m == Mode.IMAGES ? secondImage : null, options);
    if (r.equals(requested)) {
      return;
    }
    if (m == Mode.WEIGHTS && r.analyzer().model().network().signature().isPresent()) {
      info.setText(SignatureNetwork.NEEDS_KERAS); // no layer graph to give random weights to
      return;
    }
    requested = r;
    Explanations.UntrainedTwin twin = m == Mode.WEIGHTS ? explanations.untrained() : null;
    info.setText(m == Mode.WEIGHTS ? "Running the untrained copy of the model..." : "Running the second image...");
    request.submit("Comparing at " + r.layer(), p -> {
      Tensor a = activation(r.analysis(), r.analyzer(), r.layer());
      Tensor b = m == Mode.IMAGES
          ? r.analyzer().layers(r.analyzer().prepare(r.second().image()), List.of(r.layer())).get(r.layer())
          : twin.explainer().activations(r.analysis().input().tensor(), r.layer());
      PairedMosaics.Paired paired = PairedMosaics.render(a, b, r.options());
      String name = r.analysis().source().getFileName().toString();
      String firstTitle = m == Mode.IMAGES ? name : name + " · trained";
      String secondTitle = m == Mode.IMAGES ? r.second().name() : name + " · untrained (seed "
          + Explanations.UNTRAINED_SEED + ")";
      return new Shown(r, paired, firstTitle, secondTitle, FxImages.of(paired.first()), FxImages.of(paired.second()),
          FxImages.of(paired.difference()));
    }, this::show);
  }

  private static Tensor activation(Analysis analysis, Analyzer analyzer, String layer) throws Exception {
    return analysis.activations().has(layer) ? analysis.activations().get(layer)
        : analyzer.layers(analysis.input(), List.of(layer)).get(layer);
  }

  private void show(Shown s) {
    shown = s;
    first.show(s.firstTitle(), s.firstImage());
    second.show(s.secondTitle(), s.secondImage());
    difference.show("difference (first minus second)", s.differenceImage());
    MosaicOptions o = s.request().options();
    info.setText(s.request().layer() + " · channels " + channelList(s.paired().channels()) + " · "
        + o.normalization().description() + " over both · " + o.colormap().description()
        + "; difference: red where the first is larger, blue where the second is");
  }

  private static String channelList(int[] channels) {
    boolean ordered = true;
    for (int i = 0; i < channels.length; i++) {
      ordered &= channels[i] == i;
    }
    return ordered ? "0 to " + (channels.length - 1) : "chosen by the first";
  }

  private void failed(Throwable e) {
    requested = null;
    info.setText("Could not compare: " + ViewText.message(e));
    errors.accept(e);
  }

  @Override
  public Tab tab() {
    return tab;
  }

  /** Shows this view as a sub-tab of {@code parent}: it draws only while both are selected. */
  void nestIn(Tab parent) {
    outer = parent;
    parent.selectedProperty().addListener((obs, old, on) -> refresh());
  }

  private boolean onScreen() {
    return tab.isSelected() && (outer == null || outer.isSelected());
  }

  /** The three mosaics side by side, with what each shows in the PNG's text. */
  @Override
  public Optional<ViewImage> currentImage() {
    Shown s = shown;
    if (s == null) {
      return Optional.empty();
    }
    PairedMosaics.Paired p = s.paired();
    List<Raster> all = List.of(p.first(), p.second(), p.difference());
    int w = all.stream().mapToInt(Raster::width).sum() + 2 * GAP;
    int h = all.stream().mapToInt(Raster::height).max().orElse(0);
    Raster out = new Raster(w, h);
    out.fill(GAP_COLOUR);
    int x = 0;
    for (Raster r : all) {
      out.blit(r, x, 0);
      x += r.width() + GAP;
    }
    Request r = s.request();
    Map<String, String> meta = ViewText.runMetadata(vm.getNetwork(), r.analysis());
    meta.put("View", "Compare: " + r.mode().words());
    meta.put("Layer", r.layer());
    meta.put("Left", s.firstTitle());
    meta.put("Middle", s.secondTitle());
    meta.put("Right", "difference (left minus middle), " + PairedMosaics.DIFFERENCE_COLORMAP.description());
    meta.put("Channels", java.util.Arrays.toString(p.channels()));
    meta.put("Normalisation", r.options().normalization().description() + ", one range over both");
    meta.put("Colormap", r.options().colormap().description());
    String name = "compare-" + (r.mode() == Mode.IMAGES ? "images" : "trained-untrained") + "-" + r.layer() + ".png";
    return Optional.of(new ViewImage(out, name, meta));
  }
}
