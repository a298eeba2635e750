package org.convlens.ui.views;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.convlens.explain.MaximizeSettings;
import org.convlens.model.SignatureNetwork;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;

/**
 * "What this channel wants to see", under the channel viewer: activation maximisation of the open channel, or of
 * its layer's first {@value Explanations#LAYER_CHANNELS} channels as a mosaic, on the pool with progress and
 * cancel. Results are cached for the session ({@link Explanations}), so asking again is instant.
 */
final class ExcitePane {
  /** The picture is drawn this wide at most; a 16-channel mosaic is larger and shown shrunk. */
  static final double IMAGE_WIDTH = 256;

  private final MainViewModel vm;
  private final Explanations explanations;
  private final Consumer<Throwable> errors;
  private final VBox node = new VBox(6);
  private final Spinner<Integer> steps =
      new Spinner<>(1, 5000, MaximizeSettings.DEFAULT.steps(), 32);
  private final ProgressBar progress = new ProgressBar();
  private final Button cancel = new Button("Cancel");
  private final HBox busy = new HBox(6, progress, cancel);
  private final Label caption = new Label();
  private final ImageView image = new ImageView();
  private final TaskRunner tasks;
  /** The maximisation running, if any; a newer one cancels it. */
  private TaskRunner.Handle running;
  private String layer;
  private int channel;
  private Explanations.Excited shown;

  ExcitePane(MainViewModel vm, TaskRunner tasks, Explanations explanations, Consumer<Throwable> errors) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.explanations = Objects.requireNonNull(explanations, "explanations");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    Button one = new Button("Show what excites this channel");
    one.setId("exciteChannel");
    one.setTooltip(new Tooltip("Activation maximisation: the input this channel responds to most"));
    one.setOnAction(e -> run(List.of(channel)));
    Button layerButton = new Button("First " + Explanations.LAYER_CHANNELS + " channels of the layer");
    layerButton.setId("exciteLayer");
    layerButton.setOnAction(e -> run(IntStream.range(0, Math.min(Explanations.LAYER_CHANNELS, channels()))
        .boxed().toList()));
    steps.setId("exciteSteps");
    steps.setEditable(true);
    steps.setPrefWidth(90);
    Tooltip.install(steps, new Tooltip("Gradient steps: fewer are faster, more give a clearer picture"));
    Label stepsLabel = new Label("steps");
    stepsLabel.getStyleClass().add("text-muted");
    HBox settings = new HBox(6, stepsLabel, steps);
    settings.setAlignment(Pos.CENTER_LEFT);
    progress.setId("exciteProgress");
    progress.setPrefWidth(140);
    cancel.setId("exciteCancel");
    cancel.setOnAction(e -> {
      stop();
      busy(false);
      caption.setText("Cancelled.");
    });
    busy.setAlignment(Pos.CENTER_LEFT);
    busy.setId("exciteBusy");
    caption.setId("exciteCaption");
    caption.setWrapText(true);
    caption.getStyleClass().add("text-muted");
    image.setId("exciteImage");
    image.setPreserveRatio(true);
    image.setSmooth(true);
    node.setId("excitePane");
    node.getChildren().addAll(one, layerButton, settings, busy, caption, image);
    busy(false);
  }

  Node node() {
    return node;
  }

  /** The channel the viewer opened; what was shown for another one goes. */
  void target(String layerName, int channelIndex) {
    if (!layerName.equals(layer) || channelIndex != channel) {
      stop();
      busy(false);
      shown = null;
      image.setImage(null);
      caption.setText("");
    }
    layer = layerName;
    channel = channelIndex;
    // Activation maximisation follows gradients through our layer graph, which a SavedModel does not have.
    boolean savedModel = vm.getNetwork() != null && vm.getNetwork().signature().isPresent();
    node.getChildren().forEach(n -> n.setDisable(savedModel && n != caption));
    if (savedModel) {
      caption.setText(SignatureNetwork.NEEDS_KERAS);
    }
  }

  /** The viewer closed: stop. */
  void close() {
    target("", -1);
  }

  private int channels() {
    int[] shape = vm.getNetwork().graph().outputShape(layer);
    return shape[shape.length - 1];
  }

  private void run(List<Integer> which) {
    explanations.setMaximizeSettings(explanations.maximizeSettings().withSteps(steps.getValue()));
    TaskRunner.Work<Explanations.Excited> work = explanations.maximizeWork(layer, which);
    if (work == null) {
      caption.setText("Wait for the model to load.");
      return;
    }
    stop();
    busy(true);
    caption.setText("Finding what excites " + layer + (which.size() == 1 ? " channel " + which.get(0)
        : " channels 0 to " + (which.size() - 1)) + "...");
    TaskRunner.Handle[] mine = new TaskRunner.Handle[1];
    // Callbacks check that they belong to the newest request: a direct runner calls them before submit returns.
    mine[0] = tasks.submit("What excites " + layer, work, e -> {
      if (running == mine[0] || mine[0] == null) {
        show(e);
      }
    }, error -> {
      if (running == mine[0] || mine[0] == null) {
        failed(error);
      }
    });
    running = mine[0].isDone() ? null : mine[0];
    progress.progressProperty().unbind();
    if (running != null && running.worker() != null) {
      progress.progressProperty().bind(running.worker().progressProperty());
    }
  }

  private void stop() {
    if (running != null) {
      running.cancel();
      running = null;
    }
    progress.progressProperty().unbind();
  }

  private void show(Explanations.Excited e) {
    shown = e;
    running = null;
    busy(false);
    image.setImage(FxImages.of(e.raster()));
    image.setFitWidth(Math.min(IMAGE_WIDTH, e.raster().width()));
    caption.setText("What excites " + e.layer() + (e.channels().size() == 1 ? " channel " + e.channels().get(0)
        : " channels 0 to " + (e.channels().size() - 1)) + " (" + e.settings().steps() + " steps)");
  }

  private void busy(boolean on) {
    busy.setVisible(on);
    busy.setManaged(on);
  }

  private void failed(Throwable e) {
    running = null;
    busy(false);
    caption.setText("Could not maximise: " + ViewText.message(e));
    errors.accept(e);
  }

  /** What the pane shows now; for tests. */
  Explanations.Excited shown() {
    return shown;
  }
}
