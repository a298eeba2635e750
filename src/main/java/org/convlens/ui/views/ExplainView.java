package org.convlens.ui.views;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.convlens.explain.Explainer;
import org.convlens.explain.Heatmap;
import org.convlens.explain.Method;
import org.convlens.explain.SmoothGradSettings;
import org.convlens.image.RgbImage;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.SignatureNetwork;
import org.convlens.model.weights.CancellationToken;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.Colormap;
import org.convlens.viz.HeatOverlay;
import org.convlens.viz.Raster;

/**
 * The Explain tab's "Class map": where in the image the evidence for a class lies (Grad-CAM at a conv layer, saliency or
 * SmoothGrad), as a heat map over the image as loaded, with its colormap and opacity. It explains the top class
 * of each new image, or the class whose bar was clicked in the predictions panel. Maps are computed only while
 * the tab is shown (the first of each kind adds its gradient ops to the model's graph: a fraction of a second), on
 * the pool, a newer request replacing an older one. Saliency maps are drawn stretched ({@link Heatmap#displayed}).
 */
public final class ExplainView implements AnalysisView {
  static final String NO_ANALYSIS = "Open an image to see where the model finds the evidence for its classes.";

  private final MainViewModel vm;
  private final Explanations explanations;
  private final Consumer<Throwable> errors;
  private final Tab tab = new Tab("Class map");
  private final Label placeholder = ViewText.placeholder(NO_ANALYSIS);
  private final BorderPane content = new BorderPane();
  private final ComboBox<Method> method = new ComboBox<>();
  private final ComboBox<String> layer = new ComboBox<>();
  private final Spinner<Integer> samples = new Spinner<>(1, 256, SmoothGradSettings.DEFAULT.samples());
  private final Spinner<Double> noise = new Spinner<>(0.0, 1.0, SmoothGradSettings.DEFAULT.noise(), 0.05);
  private final HBox smoothGradBox;
  private final ComboBox<Colormap> colormap = new ComboBox<>();
  private final Slider opacity = new Slider(0, 1, HeatOverlay.DEFAULT_OPACITY);
  private final Label classInfo = new Label(" ");
  private final ImageView image = new ImageView();
  private final ProgressBar progress = new ProgressBar();
  private final Button cancel = new Button("Cancel");
  private final HBox busy;
  private final LatestOnly compute;
  private final LatestOnly draw;
  /** The class asked for; {@link Explainer#TOP_CLASS} for each new image. */
  private int classIndex = Explainer.TOP_CLASS;
  /** What is computed or being computed; a request equal to it is not computed again. */
  private Request requested;
  /** The tab this view's tab is nested in, if any: the view draws only when both are selected. */
  private Tab outer;
  private Shown shown;
  private CancellationToken computing;

  /** One map to compute: everything it depends on. */
  private record Request(Analysis analysis, Explainer explainer, Method method, String layer, int classIndex,
      SmoothGradSettings smoothGrad) {}

  /** What the tab shows: the map, and the overlay as drawn. */
  private record Shown(Request request, Heatmap map, Raster overlay, Colormap colormap, double opacity,
      Image image) {}

  public ExplainView(MainViewModel vm, TaskRunner tasks, Explanations explanations, Consumer<Throwable> errors) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.explanations = Objects.requireNonNull(explanations, "explanations");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.compute = new LatestOnly(tasks, this::failed);
    this.draw = new LatestOnly(tasks, this::failed);
    smoothGradBox = new HBox(6, new Label("samples"), samples, new Label("noise"), noise);
    busy = new HBox(6, progress, cancel);
    build();
    vm.analyzerProperty().addListener((obs, old, a) -> {
      fillLayers(a);
      refresh();
    });
    vm.analysisProperty().addListener((obs, old, a) -> {
      classIndex = Explainer.TOP_CLASS; // a new image starts again from its top class
      refresh();
    });
    vm.classRequestProperty().addListener((obs, old, r) -> {
      if (r != null) {
        classIndex = r.classIndex();
        select(tab);
        select(outer);
        refresh();
      }
    });
    tab.selectedProperty().addListener((obs, old, on) -> refresh());
    fillLayers(vm.getAnalyzer());
    refresh();
  }

  private void build() {
    tab.setId("classMapTab");
    tab.setClosable(false);
    method.setId("explainMethod");
    method.getItems().setAll(Method.values());
    method.setValue(Method.GRADCAM);
    method.setConverter(ViewText.converter(ExplainView::methodName));
    method.valueProperty().addListener((obs, old, m) -> refresh());
    layer.setId("explainLayer");
    layer.setTooltip(new Tooltip("The layer Grad-CAM looks at: the last stage by default"));
    layer.valueProperty().addListener((obs, old, l) -> refresh());
    layer.disableProperty().bind(method.valueProperty().isNotEqualTo(Method.GRADCAM));
    samples.setId("explainSamples");
    samples.setEditable(true);
    samples.setPrefWidth(80);
    samples.valueProperty().addListener((obs, old, n) -> refresh());
    noise.setId("explainNoise");
    noise.setEditable(true);
    noise.setPrefWidth(90);
    noise.valueProperty().addListener((obs, old, n) -> refresh());
    smoothGradBox.setAlignment(Pos.CENTER_LEFT);
    smoothGradBox.visibleProperty().bind(method.valueProperty().isEqualTo(Method.SMOOTHGRAD));
    smoothGradBox.managedProperty().bind(smoothGradBox.visibleProperty());
    colormap.setId("explainColormap");
    colormap.getItems().setAll(Colormap.values());
    colormap.setValue(HeatOverlay.DEFAULT_COLORMAP);
    colormap.setConverter(ViewText.converter(Colormap::description));
    colormap.valueProperty().addListener((obs, old, c) -> redraw());
    opacity.setId("explainOpacity");
    opacity.setPrefWidth(120);
    opacity.valueProperty().addListener((obs, old, o) -> {
      if (!opacity.isValueChanging()) {
        redraw();
      }
    });
    opacity.valueChangingProperty().addListener((obs, was, changing) -> {
      if (!changing) {
        redraw();
      }
    });
    progress.setId("explainProgress");
    progress.setPrefWidth(160);
    cancel.setId("explainCancel");
    cancel.setOnAction(e -> {
      newToken();
      compute.cancel();
      requested = null; // asked again when something changes
      busy(false);
      classInfo.setText("Cancelled.");
    });
    busy.setAlignment(Pos.CENTER_LEFT);
    busy(false);

    FlowPane controls = new FlowPane(12, 6,
        ViewText.labelled("method", method), ViewText.labelled("layer", layer), smoothGradBox,
        ViewText.labelled("colormap", colormap), ViewText.labelled("opacity", opacity), busy);
    controls.setAlignment(Pos.CENTER_LEFT);
    classInfo.setId("explainClass");
    classInfo.getStyleClass().add("title-4");
    classInfo.setWrapText(true);
    VBox top = new VBox(6, controls, classInfo);
    top.setPadding(new Insets(6, 8, 6, 8));

    image.setId("explainImage");
    image.setPreserveRatio(true);
    image.setSmooth(true);
    ScrollPane scroll = new ScrollPane(new StackPane(image));
    scroll.setFitToWidth(true);
    scroll.setFitToHeight(true);
    // The picture fits the space it has: the overlay is at the photo's own size, often larger than the tab.
    image.fitWidthProperty().bind(scroll.widthProperty().subtract(24));
    image.fitHeightProperty().bind(scroll.heightProperty().subtract(24));
    content.setTop(top);
    content.setCenter(scroll);
    tab.setContent(new StackPane(content, placeholder));
  }

  static String methodName(Method m) {
    return switch (m) {
      case GRADCAM -> "Grad-CAM";
      case SALIENCY -> "Saliency";
      case SMOOTHGRAD -> "SmoothGrad";
    };
  }

  /** The layers of the model shown with a spatial map (Grad-CAM needs one), the last stage chosen. */
  private void fillLayers(Analyzer analyzer) {
    ViewText.offerMapLayers(layer, analyzer == null ? null : analyzer.model().network(),
        network -> network.stages().isEmpty() ? null : Explainer.defaultLayer(network));
  }


  private void busy(boolean on) {
    busy.setVisible(on);
    busy.setManaged(on);
  }

  /** Computes the map the controls ask for, if it is not already shown or on its way, while the tab is shown. */
  private void refresh() {
    Analysis analysis = vm.getAnalysis();
    // Gradients follow our layer graph, which a SavedModel does not have: say so instead of failing.
    boolean savedModel = vm.getNetwork() != null && vm.getNetwork().signature().isPresent();
    placeholder.setText(savedModel ? SignatureNetwork.NEEDS_KERAS : NO_ANALYSIS);
    placeholder.setVisible(analysis == null || savedModel);
    content.setVisible(analysis != null && !savedModel);
    if (analysis == null || savedModel) {
      newToken();
      compute.cancel();
      requested = null;
      shown = null;
      image.setImage(null);
      busy(false);
      return;
    }
    if (!onScreen()) {
      return;
    }
    Explainer explainer = explanations.explainer();
    if (explainer == null) {
      return;
    }
    SmoothGradSettings sg;
    try {
      sg = new SmoothGradSettings(samples.getValue(), noise.getValue(), SmoothGradSettings.DEFAULT.seed());
    } catch (IllegalArgumentException e) {
      classInfo.setText(e.getMessage());
      return;
    }
    Request r = new Request(analysis, explainer, method.getValue(), layer.getValue(), classIndex, sg);
    if (r.equals(requested)) {
      return;
    }
    requested = r;
    CancellationToken token = newToken();
    busy(true);
    progress.setProgress(-1);
    compute.submit("Explaining " + analysis.source().getFileName(), sink -> {
      Tensor input = analysis.input().tensor();
      Heatmap map = switch (r.method()) {
        case GRADCAM -> explainer.gradCam(input, r.classIndex(), r.layer());
        case SALIENCY -> explainer.saliency(input, r.classIndex());
        case SMOOTHGRAD -> explainer.smoothGrad(input, r.classIndex(), r.smoothGrad(), sink::update, token);
      };
      return render(r, map, colormap.getValue(), opacity.getValue());
    }, this::show);
  }

  /** Stops the slow map being computed (SmoothGrad checks between noisy copies) and gives the next one its token. */
  private CancellationToken newToken() {
    if (computing != null) {
      computing.cancel();
    }
    computing = new CancellationToken();
    return computing;
  }

  private void show(Shown s) {
    shown = s;
    busy(false);
    image.setImage(s.image());
    classInfo.setText(describe(s.map(), s.request().analysis()));
    // A stretched map says so where the user reads the picture (the exported PNG says it in its text).
    String note = s.map().displayNote();
    classInfo.setTooltip(note.isEmpty() ? null : new Tooltip("Shown stretched: " + note + ", so more than its few "
        + "largest gradients show; the map computed is unchanged (the gradcam command writes it as .npy)"));
  }

  /** Draws the shown map again with the colormap and opacity chosen now. */
  private void redraw() {
    Shown s = shown;
    if (s == null) {
      return;
    }
    Colormap c = colormap.getValue();
    double o = opacity.getValue();
    draw.submit("Drawing the class map", sink -> render(s.request(), s.map(), c, o), this::show);
  }

  private static Shown render(Request r, Heatmap map, Colormap colormap, double opacity) {
    RgbImage original = r.analysis().original();
    Raster overlay = HeatOverlay.render(Raster.ofRgb(original.width(), original.height(), original.pixels()),
        map.displayed(), colormap, opacity);
    return new Shown(r, map, overlay, colormap, opacity, FxImages.of(overlay));
  }

  /** "Egyptian cat (class 285) · Grad-CAM at conv_pw_13_relu · score 12.3 (logit) · 87.1 % probability". */
  private String describe(Heatmap map, Analysis analysis) {
    String name = className(map.classIndex(), analysis);
    String probability = analysis.predictions().stream().filter(p -> p.classIndex() == map.classIndex())
        .filter(p -> p.label() != null).findFirst()
        .map(p -> String.format(Locale.ROOT, " · %.1f %% probability", 100.0 * p.probability())).orElse("");
    String where = map.method() == Method.GRADCAM ? " at " + map.layer() : "";
    long percentile = Math.round(Heatmap.DISPLAY_QUANTILE * 100);
    String stretched = map.displayNote().isEmpty() ? ""
        : String.format(Locale.ROOT, " · stretched to its %dth percentile", percentile);
    return String.format(Locale.ROOT, "%s (class %d) · %s%s · score %.4g%s%s", name, map.classIndex(),
        methodName(map.method()), where, map.score(), probability, stretched);
  }

  private String className(int index, Analysis analysis) {
    // The top five have their names already; ImageNet's list names the others of a 1000-class head.
    Optional<String> named = analysis.predictions().stream().filter(p -> p.classIndex() == index && p.label() != null)
        .map(p -> p.label()).findFirst();
    if (named.isPresent()) {
      return named.get();
    }
    ImageNetClasses classes = ImageNetClasses.load();
    Network network = vm.getNetwork();
    boolean imageNet = network != null
        && Tensor.sizeOf(network.graph().outputShape(network.graph().outputLayer())) == classes.size();
    return imageNet ? classes.label(index) : "unit " + index;
  }

  private void failed(Throwable e) {
    busy(false);
    requested = null;
    classInfo.setText("Could not explain: " + ViewText.message(e));
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

  private static void select(Tab t) {
    if (t != null && t.getTabPane() != null) {
      t.getTabPane().getSelectionModel().select(t);
    }
  }

  private boolean onScreen() {
    return tab.isSelected() && (outer == null || outer.isSelected());
  }

  /** The overlay at the image's size, with the class, method, layer and score in its text as the CLI writes. */
  @Override
  public Optional<ViewImage> currentImage() {
    Shown s = shown;
    if (s == null) {
      return Optional.empty();
    }
    Heatmap map = s.map();
    Analysis analysis = s.request().analysis();
    Map<String, String> meta = ViewText.runMetadata(vm.getNetwork(), analysis);
    meta.put("View", "Class map");
    meta.put("Method", map.method().id());
    meta.put("Class", map.classIndex() + " " + className(map.classIndex(), analysis));
    meta.put("Layer", map.layer());
    meta.put("Score", Float.toString(map.score()));
    meta.put("Map shape", Tensor.formatShape(map.map().shape()));
    if (map.method() == Method.SMOOTHGRAD) {
      meta.put("Samples", Integer.toString(s.request().smoothGrad().samples()));
      meta.put("Noise", Double.toString(s.request().smoothGrad().noise()));
    }
    if (!map.displayNote().isEmpty()) {
      meta.put("Display", map.displayNote());
    }
    meta.put("Colormap", s.colormap().description());
    meta.put("Opacity", Double.toString(s.opacity()));
    return Optional.of(new ViewImage(s.overlay(), map.method().id() + "-class" + map.classIndex() + ".png", meta));
  }

  /** The class explained now; for tests. */
  int shownClass() {
    return shown == null ? -1 : shown.map().classIndex();
  }

  /** The method of the map shown; for tests. */
  Method shownMethod() {
    return shown == null ? null : shown.map().method();
  }
}
