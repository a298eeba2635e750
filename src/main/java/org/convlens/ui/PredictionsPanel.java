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
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.convlens.model.Prediction;
import org.convlens.pipeline.Analysis;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The left panel: the image as loaded, the 224x224 picture the model actually receives (squashed, as Keras does),
 * and the top-5 predictions as labelled bars, with an "untrained weights" badge when the numbers mean nothing.
 */
public final class PredictionsPanel {
  static final double WIDTH = 260;

  private final VBox predictions = new VBox(6);
  private final ScrollPane root;

  public PredictionsPanel(MainController controller) {
    ImageView original = new ImageView();
    original.setId("originalImage");
    original.setPreserveRatio(true);
    original.setFitWidth(WIDTH - 40);
    original.setFitHeight(200);
    original.setSmooth(true);
    original.imageProperty().bind(controller.originalImageProperty());

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
        heading("Image"), framed(original, "The image as loaded (EXIF orientation applied)"),
        heading("What the model sees"), framed(input, "224 x 224, squashed to the model's input size"),
        heading("Predictions"), untrained, predictions);
    box.setPadding(new Insets(12));
    box.getStyleClass().add("side-panel");

    controller.viewModel().analysisProperty().addListener((obs, old, a) -> show(a));
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
      predictions.getChildren().add(muted("Open an image to see what the model predicts."));
      return;
    }
    List<Prediction> top = analysis.predictions();
    if (top.isEmpty()) {
      predictions.getChildren().add(muted("These weights have no classification head, so there are no "
          + "predictions; the feature maps are still real."));
      return;
    }
    for (Prediction p : top) {
      predictions.getChildren().add(row(p));
    }
  }

  private static Node row(Prediction p) {
    Label name = new Label(p.label());
    name.getStyleClass().add("prediction-label");
    name.setMaxWidth(Double.MAX_VALUE);
    ProgressBar bar = new ProgressBar(p.probability());
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.getStyleClass().add("prediction-bar");
    HBox.setHgrow(bar, Priority.ALWAYS);
    Label percent = new Label(String.format(Locale.ROOT, "%.1f %%", 100.0 * p.probability()));
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
