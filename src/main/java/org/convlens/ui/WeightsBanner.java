package org.convlens.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.convlens.pipeline.Application;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The non-blocking banner shown while a built-in model's ImageNet weights are missing (the bundled MobileNet, or
 * the model shown before, stands in) and whenever no model is loaded: it says why and offers the ways on for the
 * model chosen: download its weights (with progress and Cancel), locate a file, or look at it with untrained
 * weights. The rest of the window stays usable.
 */
public final class WeightsBanner {
  private final VBox root;

  /**
   * @param locate opens the file chooser for a weights file
   */
  public WeightsBanner(WeightsController controller, Runnable locate) {
    Label text = new Label();
    text.setId("weightsBannerText");
    text.setWrapText(true);
    text.textProperty().bind(controller.bannerProperty());
    HBox.setHgrow(text, Priority.ALWAYS);
    text.setMaxWidth(Double.MAX_VALUE);

    Button download = new Button(null, FontIcon.of(Feather.DOWNLOAD_CLOUD));
    download.textProperty().bind(Bindings.createStringBinding(
        () -> downloadLabel(controller.selectedProperty().get()), controller.selectedProperty()));
    BooleanBinding bundled = Bindings.createBooleanBinding(() -> controller.selectedProperty().get().bundled(),
        controller.selectedProperty());
    download.visibleProperty().bind(bundled.not());
    download.managedProperty().bind(download.visibleProperty());
    download.setId("downloadWeightsButton");
    download.getStyleClass().add(Styles.ACCENT);
    download.setOnAction(e -> controller.downloadWeights());
    Button locateButton = new Button("Locate file...", FontIcon.of(Feather.FOLDER));
    locateButton.setId("locateWeightsButton");
    locateButton.setOnAction(e -> locate.run());
    Button untrained = new Button(null, FontIcon.of(Feather.SHUFFLE));
    untrained.textProperty().bind(Bindings.createStringBinding(
        () -> untrainedLabel(controller.selectedProperty().get()), controller.selectedProperty()));
    untrained.setId("untrainedWeightsButton");
    untrained.setOnAction(e -> controller.useUntrainedWeights());

    BooleanBinding downloading = controller.downloadProperty().isNotNull();
    download.disableProperty().bind(downloading);

    ProgressBar progress = new ProgressBar();
    progress.setId("downloadProgress");
    progress.setPrefWidth(240);
    Label progressText = new Label();
    progressText.setId("downloadMessage");
    progressText.getStyleClass().add(Styles.TEXT_MUTED);
    Button cancel = new Button("Cancel", FontIcon.of(Feather.X));
    cancel.setId("cancelDownloadButton");
    cancel.setOnAction(e -> controller.cancelDownload());
    HBox progressRow = new HBox(8, progress, progressText, cancel);
    progressRow.setAlignment(Pos.CENTER_LEFT);
    progressRow.visibleProperty().bind(downloading);
    progressRow.managedProperty().bind(downloading);
    controller.downloadProperty().addListener((obs, old, worker) -> {
      progress.progressProperty().unbind();
      progressText.textProperty().unbind();
      if (worker != null) {
        progress.progressProperty().bind(worker.progressProperty());
        progressText.textProperty().bind(worker.messageProperty());
      }
    });

    Label failed = new Label();
    failed.setId("downloadError");
    failed.setWrapText(true);
    failed.getStyleClass().add(Styles.DANGER);
    failed.textProperty().bind(controller.downloadFailureProperty());
    failed.visibleProperty().bind(controller.downloadFailureProperty().isNotNull());
    failed.managedProperty().bind(failed.visibleProperty());

    FontIcon icon = FontIcon.of(Feather.ALERT_TRIANGLE, 20);
    icon.getStyleClass().add("banner-icon");
    HBox top = new HBox(12, icon, text);
    top.setAlignment(Pos.CENTER_LEFT);
    HBox buttons = new HBox(8, download, locateButton, untrained);
    buttons.setAlignment(Pos.CENTER_LEFT);
    root = new VBox(8, top, buttons, progressRow, failed);
    root.setId("weightsBanner");
    root.getStyleClass().add("weights-banner");
    root.setPadding(new Insets(10, 14, 10, 14));
    BooleanBinding shown = controller.bannerProperty().isNotNull();
    root.visibleProperty().bind(shown);
    root.managedProperty().bind(shown);
  }

  /** "Download VGG16 (554 MB)": the model and the size of its file with the head. */
  static String downloadLabel(Application app) {
    return "Download " + app.displayName() + (app.downloadSize() == null ? "" : " (" + app.downloadSize() + ")");
  }

  static String untrainedLabel(Application app) {
    return "Use untrained " + app.displayName();
  }

  public Node node() {
    return root;
  }
}
