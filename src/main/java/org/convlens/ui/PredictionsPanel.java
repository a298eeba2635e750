package org.convlens.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.convlens.model.Prediction;
import org.convlens.pipeline.Analysis;
import org.convlens.ui.views.FxImages;
import org.convlens.viz.NearestNeighbour;
import org.convlens.viz.Raster;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The left panel: the top-5 predictions as labelled bars (first, so all five show even in a small window), with
 * an "untrained weights" badge when the numbers mean nothing; then the image as loaded and the 224x224 picture
 * the model actually receives (squashed, as Keras does). The whole panel scrolls when the window is short. A click
 * on a class's bar shows that class's map in the Explain tab.
 */
public final class PredictionsPanel {
  static final double WIDTH = 260;
  static final double IMAGE_WIDTH = WIDTH - 40;
  static final double IMAGE_HEIGHT = 200;

  private final VBox predictions = new VBox(6);
  private final ScrollPane root;
  private final MainController controller;

  public PredictionsPanel(MainController controller) {
    this.controller = controller;
    ImageView original = new ImageView();
    original.setId("originalImage");
    original.setPreserveRatio(true);
    original.setFitWidth(IMAGE_WIDTH);
    original.setFitHeight(IMAGE_HEIGHT);
    original.setSmooth(true); // for shrinking; enlarging is done before, with whole pixels
    original.imageProperty().bind(Bindings.createObjectBinding(
        () -> forDisplay(controller.originalImageProperty().get()), controller.originalImageProperty()));

    ImageView input = new ImageView();
    input.setId("inputImage");
    input.setFitWidth(224);
    input.setFitHeight(224);
    input.setSmooth(false); // show the model's pixels as they are
    input.imageProperty().bind(controller.inputImageProperty());

    predictions.setId("predictions");
    Label untrained = untrainedBadge(controller.viewModel());
    untrained.setId("untrainedBadgePanel");

    VBox box = new VBox(8,
        heading("Predictions"), untrained, predictions,
        heading("Image"), framed(original, "The image as loaded (EXIF orientation applied)"),
        heading("What the model sees"), framed(input, "224 x 224, squashed to the model's input size"));
    box.setPadding(new Insets(12));
    box.getStyleClass().add("side-panel");

    controller.viewModel().analysisProperty().addListener((obs, old, a) -> show(a));
    controller.imageNoteProperty().addListener((obs, old, note) -> show(controller.viewModel().getAnalysis()));
    show(controller.viewModel().getAnalysis());

    root = new ScrollPane(box);
    root.setFitToWidth(true);
    root.setPrefWidth(WIDTH);
    root.setMinWidth(WIDTH);
    root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    root.getStyleClass().addAll(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE, "side-panel-scroll");
  }

  public Node node() {
    return root;
  }

  /**
   * The image as the panel draws it: a small one enlarged to its display size with whole pixels (the toolkit
   * would blend a tiny image into gradients, or wrap it around), a large one as it is.
   */
  static Image forDisplay(Image image) {
    if (!enlarges(image, IMAGE_WIDTH, IMAGE_HEIGHT)) {
      return image;
    }
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    int[] argb = new int[w * h];
    image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
    int[] size = NearestNeighbour.fitSize(w, h, IMAGE_WIDTH, IMAGE_HEIGHT);
    return FxImages.of(NearestNeighbour.resize(Raster.wrap(w, h, argb), size[0], size[1]));
  }

  /** Whether {@code image}, fitted into the box with its aspect ratio kept, is drawn larger than it is. */
  static boolean enlarges(Image image, double boxWidth, double boxHeight) {
    return image != null && image.getWidth() > 0 && image.getHeight() > 0
        && Math.min(boxWidth / image.getWidth(), boxHeight / image.getHeight()) > 1;
  }

  /** A warning-coloured badge, visible whenever the network in use has random weights. */
  static Label untrainedBadge(MainViewModel vm) {
    Label badge = new Label("untrained weights", FontIcon.of(Feather.ALERT_TRIANGLE, 13));
    badge.getStyleClass().add("badge-untrained");
    badge.setTooltip(new Tooltip("Random weights: the predictions and feature maps mean nothing.\n"
        + "Load the ImageNet weights (File > Open weights) for real results."));
    ObservableBooleanValue untrained = Bindings.createBooleanBinding(
        () -> vm.getNetwork() != null && vm.getNetwork().origin().untrained(), vm.networkProperty());
    badge.visibleProperty().bind(untrained);
    badge.managedProperty().bind(untrained);
    return badge;
  }

  private void show(Analysis analysis) {
    predictions.getChildren().clear();
    if (analysis == null) {
      String note = controller.imageNoteProperty().get();
      Label waiting = muted(note == null ? "Open an image to see what the model predicts."
          : "The image is " + note + ": it is analysed as soon as one is loaded.");
      waiting.setId("predictionsPlaceholder");
      predictions.getChildren().add(waiting);
      return;
    }
    List<Prediction> top = analysis.predictions();
    if (top.isEmpty()) {
      predictions.getChildren().add(muted("These weights have no classification head, so there are no "
          + "predictions; the feature maps are still real."));
      return;
    }
    for (int i = 0; i < top.size(); i++) {
      Node row = row(top.get(i));
      row.setId("predictionRow" + i);
      int classIndex = top.get(i).classIndex();
      // A click asks why: the Explain tab shows where this class's evidence lies.
      row.setOnMouseClicked(e -> controller.viewModel().requestClass(classIndex));
      row.setCursor(javafx.scene.Cursor.HAND);
      Tooltip.install(row, new Tooltip("Click to see where the evidence for this class lies (Explain tab)"));
      predictions.getChildren().add(row);
    }
  }

  private static Node row(Prediction p) {
    // A head that is not ImageNet's has no class names, and its raw outputs need not be probabilities.
    boolean named = p.label() != null;
    Label name = new Label(named ? p.label() : "unit " + p.classIndex());
    name.getStyleClass().add("prediction-label");
    name.setMaxWidth(Double.MAX_VALUE);
    // Clamped: a negative value would make the bar an animated "indeterminate" one.
    ProgressBar bar = new ProgressBar(named ? p.probability() : Math.max(0f, Math.min(1f, p.probability())));
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.getStyleClass().add("prediction-bar");
    HBox.setHgrow(bar, Priority.ALWAYS);
    Label percent = new Label(named ? String.format(Locale.ROOT, "%.1f %%", 100.0 * p.probability())
        : String.format(Locale.ROOT, "%.3g", p.probability()));
    percent.getStyleClass().addAll("prediction-percent", Styles.TEXT_MUTED);
    percent.setMinWidth(52);
    percent.setAlignment(Pos.CENTER_RIGHT);
    HBox line = new HBox(6, bar, percent);
    line.setAlignment(Pos.CENTER_LEFT);
    VBox row = new VBox(2, name, line);
    row.getStyleClass().add("prediction-row");
    return row;
  }

  private static Label heading(String text) {
    Label l = new Label(text);
    l.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_BOLD, "panel-heading");
    return l;
  }

  private static Label muted(String text) {
    Label l = new Label(text);
    l.setWrapText(true);
    l.getStyleClass().add(Styles.TEXT_MUTED);
    return l;
  }

  private static Node framed(ImageView view, String tooltip) {
    StackPane frame = new StackPane(view);
    frame.getStyleClass().add("image-frame");
    frame.setAlignment(Pos.CENTER);
    Tooltip.install(frame, new Tooltip(tooltip));
    return frame;
  }
}
