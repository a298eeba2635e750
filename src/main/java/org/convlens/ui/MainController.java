package org.convlens.ui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.Image;
import org.convlens.image.ImageLoader;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.settings.SettingsSaver;
import org.convlens.ui.settings.SettingsStore;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.ui.views.FxImages;

/**
 * What the main window's menus, toolbar and drag-and-drop do: analyse images and remember settings. Exports
 * belong to the {@link ExportController}; the weights and the model to the {@link WeightsController}, reached
 * through {@link #weights()}. Every slow
 * step runs through the injected {@link TaskRunner} and its result reaches the {@link MainViewModel} in a success
 * callback on the JavaFX thread; the window only wires nodes to the properties here. Tests drive the app
 * through these same methods (e.g. {@link #openImage(Path)}, which the file dialog, the recent list and
 * drag-and-drop all call).
 *
 * <p>Use on the JavaFX thread.
 */
public final class MainController implements AutoCloseable {
  /** The picture a newcomer sees first. */
  public static final String FIRST_SAMPLE = SampleImages.FIRST;

  private final AppContext context;
  private final MainViewModel vm;
  private final TaskRunner tasks;
  private final Notifier notifier;
  private final SettingsStore store;
  private final WeightsController weights;
  private final LatestOnly analysisRequests;
  private final SampleImages samples;
  private final ImageLoader images = new ImageLoader();

  private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>(this, "settings");
  private final BooleanProperty darkMode = new SimpleBooleanProperty(this, "darkMode");
  private final ReadOnlyObjectWrapper<Image> originalImage = new ReadOnlyObjectWrapper<>(this, "originalImage");
  private final ReadOnlyObjectWrapper<Image> inputImage = new ReadOnlyObjectWrapper<>(this, "inputImage");
  private final ReadOnlyStringWrapper timing = new ReadOnlyStringWrapper(this, "timing", "");
  private final ReadOnlyStringWrapper imageNote = new ReadOnlyStringWrapper(this, "imageNote");

  private static final System.Logger LOG = System.getLogger(MainController.class.getName());
  private Path pendingImage; // asked for before the model was ready
  private boolean firstResultsLogged;
  /** Writes settings.json off the JavaFX thread (the recent files change with every image opened). */
  private final SettingsSaver saver;

  public MainController(AppContext context, MainViewModel vm, TaskRunner tasks, Notifier notifier) {
    this.context = Objects.requireNonNull(context, "context");
    this.vm = Objects.requireNonNull(vm, "vm");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.store = new SettingsStore(context.dirs().config());
    this.saver = new SettingsSaver(store, e -> notifier.warning("Settings not saved",
        NotificationCenter.describe("save the settings", e)));
    this.weights = new WeightsController(context, vm, tasks, notifier, this::updateSettings,
        this::settings, this::openAfterModelLoad);
    this.analysisRequests = new LatestOnly(tasks);
    this.samples = new SampleImages(context.dirs().cache());
  }

  /**
   * Reads the settings (a few hundred bytes), applies them, and starts reading the weights and loading the model
   * in the background. A damaged settings file gives the defaults and a warning.
   */
  public void start() {
    SettingsStore.Loaded loaded = store.load();
    loaded.warning().ifPresent(w -> notifier.warning("Settings reset", w));
    settings.set(loaded.settings());
    vm.mosaicOptionsProperty().set(loaded.settings().mosaicOptions());
    darkMode.set(loaded.settings().darkMode());
    vm.mosaicOptionsProperty().addListener((obs, old, o) -> updateSettings(s -> s.withMosaicOptions(o)));
    vm.filterOptionsProperty().set(loaded.settings().filterOptions());
    vm.filterOptionsProperty().addListener((obs, old, o) -> updateSettings(s -> s.withFilterOptions(o)));
    darkMode.addListener((obs, old, dark) -> updateSettings(s -> s.withDarkMode(dark)));
    weights.start(loaded.settings());
  }

  /** Loading, choosing and downloading the weights and the model. */
  public WeightsController weights() {
    return weights;
  }

  /** A new model is ready: shows the image asked for meanwhile, else the current one again, else the cat. */
  private void openAfterModelLoad() {
    Path next = pendingImage != null ? pendingImage
        : vm.getAnalysis() != null ? vm.getAnalysis().source() : null;
    pendingImage = null;
    if (next != null) {
      openImage(next);
    } else {
      openFirstSample();
    }
  }

  // ---- images --------------------------------------------------------------------------------------------

  /**
   * Analyses {@code image} in the background and shows it when done. A newer call cancels this one, and a late
   * result of an older one is dropped. Before a model is ready the image is shown at once, "waiting for a
   * model", and analysed once one is. A file that cannot be read gives an error notification; what was shown
   * stays.
   */
  public void openImage(Path image) {
    Path file = image.toAbsolutePath().normalize();
    Analyzer analyzer = vm.getAnalyzer();
    if (analyzer == null) {
      pendingImage = file;
      preview(file);
      return;
    }
    analysisRequests.submit("Analysing " + file.getFileName(), progress -> {
      progress.update("Analysing " + file.getFileName(), -1);
      unpackIfSample(file);
      Analysis analysis = analyzer.analyze(file, List.of());
      if (progress.isCancelled()) {
        throw new CancellationException();
      }
      // Converting pixels for display costs milliseconds for big photos: done here, not on the JavaFX thread.
      return new Shown(analysis, FxImages.of(analysis.original()), FxImages.of(analysis.input().image()));
    }, shown -> {
      originalImage.set(shown.original());
      inputImage.set(shown.input());
      imageNote.set(null);
      timing.set("inference " + shown.analysis().inferenceMillis() + " ms");
      vm.setAnalysis(shown.analysis());
      logFirstResults(shown.analysis());
      if (!samples.contains(file)) { // samples have their own menu; recent is for the user's files
        updateSettings(s -> s.withRecentFile(file.toString()).withImageFolder(parentOf(file)));
      }
    }, error -> notifier.error("Could not open " + file.getFileName(), error));
  }

  private record Shown(Analysis analysis, Image original, Image input) {}

  /** How long a start took, from the JVM's start to the first predictions on screen: the figure users feel. */
  private void logFirstResults(Analysis analysis) {
    if (!firstResultsLogged) {
      firstResultsLogged = true;
      LOG.log(System.Logger.Level.INFO, "First results on screen " + ManagementFactory.getRuntimeMXBean().getUptime()
          + " ms after start (" + analysis.source().getFileName() + ", weights: " + analysis.weights().description()
          + ")");
    }
  }

  /** Shows an image that waits for a model, so opening it gives feedback at once. */
  private void preview(Path file) {
    analysisRequests.submit("Opening " + file.getFileName(), progress -> {
      unpackIfSample(file);
      return FxImages.of(images.load(file));
    }, image -> {
      if (vm.getAnalyzer() == null && file.equals(pendingImage)) {
        originalImage.set(image);
        inputImage.set(null);
        imageNote.set(WAITING);
        timing.set(WAITING);
      }
    }, error -> notifier.error("Could not open " + file.getFileName(), error));
  }

  /** What the Image panel and the status bar say while an image waits for a model. */
  static final String WAITING = "waiting for a model";

  private void unpackIfSample(Path file) throws IOException {
    if (samples.contains(file)) {
      samples.unpack(file);
    }
  }

  /** Opens the sample cat (from inside the app, so it works from any folder). */
  public void openFirstSample() {
    openImage(samples.first());
  }

  /** The sample images that ship with the app, in menu order. */
  public List<Path> sampleImages() {
    return samples.files();
  }

  /**
   * Drag-and-drop: an HDF5 file loads as weights (ResNet50V2's or a whole model), a {@code .keras} or a folder
   * (a TensorFlow SavedModel) as a model, anything else is opened as an image. The window asks for the weights of an architecture {@code .json} first
   * and opens the pair itself ({@link WeightsController#openModelFile}).
   */
  public void openDropped(Path file) {
    if (WeightsController.isHdf5File(file)) {
      weights.openWeights(file); // ResNet50V2's weights or a whole model: the weights path reads both
    } else if (WeightsController.isModelFile(file)) {
      weights.openModelFile(file, null);
    } else {
      openImage(file);
    }
  }

  // ---- settings ------------------------------------------------------------------------------------------

  /** Changes the settings and saves them in the background; a failed save is reported once, not on every change. */
  public void updateSettings(UnaryOperator<Settings> change) {
    Settings next = change.apply(settings.get() == null ? Settings.defaults() : settings.get());
    settings.set(next);
    saver.save(next);
  }

  private static String parentOf(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null ? null : parent.toString();
  }

  public ReadOnlyObjectProperty<Settings> settingsProperty() {
    return settings;
  }

  public Settings settings() {
    return settings.get();
  }

  public BooleanProperty darkModeProperty() {
    return darkMode;
  }

  /** The current image as loaded, for display. */
  public ReadOnlyObjectProperty<Image> originalImageProperty() {
    return originalImage.getReadOnlyProperty();
  }

  /** The 224x224 picture the model received, for display. */
  public ReadOnlyObjectProperty<Image> inputImageProperty() {
    return inputImage.getReadOnlyProperty();
  }

  /** A note under the image, e.g. {@value #WAITING}; null when the image shown has been analysed. */
  public ReadOnlyStringProperty imageNoteProperty() {
    return imageNote.getReadOnlyProperty();
  }

  /** "inference 45 ms" for the last analysis. */
  public ReadOnlyStringProperty timingProperty() {
    return timing.getReadOnlyProperty();
  }

  public MainViewModel viewModel() {
    return vm;
  }

  /** Where the app's messages go: the notification cards. */
  public Notifier notifier() {
    return notifier;
  }

  public TaskRunner tasks() {
    return tasks;
  }

  /** Stops pending work and closes the model; call when the app stops, after the task pool is shut down. */
  @Override
  public void close() {
    analysisRequests.cancel();
    weights.close();
    vm.setAnalyzer(null); // the model is closed: what was made for it (the views' explainer) closes too
    saver.close(); // the last changes reach the disk; later ones (the window's bounds) are written at once
  }
}
