package org.convlens.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.convlens.image.Preprocessing;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The bottom line: the current image, the weights in use (with the untrained badge and the choice of
 * preprocessing), the last inference time,
 * and the running task's message and progress, bound while it runs and unbound when it ends.
 *
 * <p>When the window is narrow the least important parts give way first: the task message, then the weights'
 * description (cut in the middle, so a file name keeps its start and end), then the image name; the badge and
 * the timing keep their size. A label that is cut shows its whole text as a tooltip.
 */
public final class StatusBar {
  private final HBox root;
  private final Label message = new Label();
  private final ProgressBar progress = new ProgressBar();
  private Worker<?> bound;

  public StatusBar(MainController controller) {
    MainViewModel vm = controller.viewModel();
    Label image = new Label("", FontIcon.of(Feather.IMAGE, 14));
    image.setId("statusImage");
    image.textProperty().bind(Bindings.createStringBinding(
        () -> vm.getAnalysis() == null ? "No image" : vm.getAnalysis().source().getFileName().toString(),
        vm.analysisProperty()));
    Label weights = new Label("", FontIcon.of(Feather.CPU, 14));
    weights.setId("statusWeights");
    weights.textProperty().bind(Bindings.createStringBinding(
        () -> vm.getNetwork() == null ? "No weights yet" : vm.getNetwork().origin().description(),
        vm.networkProperty()));
    Label badge = PredictionsPanel.untrainedBadge(vm);
    badge.setId("untrainedBadgeStatus");
    ChoiceBox<Preprocessing> preprocessing = preprocessingChoice(controller.weights());
    Label timing = new Label("", FontIcon.of(Feather.CLOCK, 14));
    timing.setId("statusTiming");
    timing.textProperty().bind(controller.timingProperty());

    message.setId("statusMessage");
    message.getStyleClass().add(Styles.TEXT_MUTED);
    progress.setId("statusProgress");
    progress.setPrefWidth(160);
    progress.setMinWidth(60);
    progress.getStyleClass().add(Styles.SMALL);
    // Never cut: short, and what the user looks at.
    badge.setMinWidth(Region.USE_PREF_SIZE);
    preprocessing.setMinWidth(Region.USE_PREF_SIZE);
    timing.setMinWidth(Region.USE_PREF_SIZE);
    // May be cut, whole in a tooltip; the image name has a floor so some of it always shows.
    for (Label l : new Label[] {image, weights, message}) {
      l.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
      Tooltip tip = new Tooltip();
      tip.textProperty().bind(l.textProperty());
      l.setTooltip(tip);
    }
    image.setMinWidth(130);
    weights.setMinWidth(30); // leaves room for the preprocessing choice in the narrowest window
    message.setMinWidth(0);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);

    root = new HBox(8, image, separator(), weights, badge, preprocessing, separator(), timing, spacer, message, progress);
    root.setId("statusBar");
    root.getStyleClass().add("status-bar");
    root.setAlignment(Pos.CENTER_LEFT);
    root.setPadding(new Insets(4, 12, 4, 12));

    controller.tasks().activeWorkerProperty().addListener((obs, old, worker) -> bind(worker));
    bind(controller.tasks().activeWorkerProperty().get());
  }

  /**
   * How the model's input is scaled, Keras's mode preselected (or the one chosen for the file before); choosing
   * another re-runs the image without reloading the model.
   */
  private static ChoiceBox<Preprocessing> preprocessingChoice(WeightsController weights) {
    ChoiceBox<Preprocessing> box = new ChoiceBox<>(FXCollections.observableArrayList(Preprocessing.values()));
    box.setId("preprocessingChoice");
    box.getStyleClass().add(Styles.SMALL);
    box.setConverter(new StringConverter<>() {
      @Override
      public String toString(Preprocessing p) {
        return p == null ? "" : p.id(); // short: the status bar must fit the narrowest window
      }

      @Override
      public Preprocessing fromString(String s) {
        throw new UnsupportedOperationException(); // a choice box never parses
      }
    });
    box.setTooltip(new Tooltip("Preprocessing: how pixels are scaled before the model sees them (Keras's preprocess_input "
        + "modes): tf = -1..1, caffe = BGR minus the ImageNet mean, torch = ImageNet mean and deviation, "
        + "unit = 0..1, raw = 0..255. Remembered per model file."));
    Runnable sync = () -> {
      box.setValue(weights.preprocessingProperty().get());
      box.setDisable(weights.preprocessingProperty().get() == null);
    };
    weights.preprocessingProperty().addListener((obs, old, p) -> sync.run());
    sync.run();
    // Also fired when sync sets the model's own mode; choosePreprocessing ignores that.
    box.setOnAction(e -> weights.choosePreprocessing(box.getValue()));
    return box;
  }

  public Node node() {
    return root;
  }

  /** Shows {@code worker}'s progress, releasing the previous one so a finished task is not kept alive. */
  private void bind(Worker<?> worker) {
    if (bound != null) {
      message.textProperty().unbind();
      progress.progressProperty().unbind();
    }
    bound = worker;
    boolean busy = worker != null;
    progress.setVisible(busy);
    message.setVisible(busy);
    if (busy) {
      message.textProperty().bind(worker.messageProperty());
      progress.progressProperty().bind(worker.progressProperty());
    } else {
      message.setText("");
      progress.setProgress(0);
    }
  }

  private static Separator separator() {
    return new Separator(Orientation.VERTICAL);
  }
}
