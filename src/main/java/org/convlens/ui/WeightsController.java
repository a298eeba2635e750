package org.convlens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Worker;
import org.convlens.image.ImageLoader;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.weights.CancellationToken;
import org.convlens.model.weights.WeightsDownloadException;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Analyzer;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.BundledModel;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.pipeline.WeightsNotFoundException;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.tasks.TaskRunner;

/**
 * What the weights banner and "Open weights..." do: choose, read or download the weights, then load the model,
 * all through the injected {@link TaskRunner}. The network and the analyzer reach the {@link MainViewModel} in
 * success callbacks on the JavaFX thread; what to open once a model is ready is the caller's business.
 *
 * <p>Use on the JavaFX thread.
 */
public final class WeightsController implements AutoCloseable {
  private final AppContext context;
  private final MainViewModel vm;
  private final TaskRunner tasks;
  private final Notifier notifier;
  private final Consumer<UnaryOperator<Settings>> updateSettings;
  private final Supplier<Settings> settings;
  private final Runnable onModelReady;
  private final NetworkLoader networks;
  private final ImageLoader images = new ImageLoader();

  private final ReadOnlyObjectWrapper<WeightsLocator.NotFound> weightsMissing =
      new ReadOnlyObjectWrapper<>(this, "weightsMissing");
  private final ReadOnlyObjectWrapper<Worker<?>> download = new ReadOnlyObjectWrapper<>(this, "download");
  private final ReadOnlyBooleanWrapper modelLoading = new ReadOnlyBooleanWrapper(this, "modelLoading");
  private final ReadOnlyObjectWrapper<WeightsChoice> shown = new ReadOnlyObjectWrapper<>(this, "shown");
  // The built-in model the user chose last: what the banner's and the Model menu's download, locate and untrained
  // are for, even while another model (the bundled MobileNet standing in, the previous one) is shown.
  private final ReadOnlyObjectWrapper<Application> selected =
      new ReadOnlyObjectWrapper<>(this, "selected", Applications.DEFAULT);
  private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
  private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner");
  private final ReadOnlyStringWrapper downloadFailure = new ReadOnlyStringWrapper(this, "downloadFailure");
  private final ReadOnlyObjectWrapper<Preprocessing> preprocessing =
      new ReadOnlyObjectWrapper<>(this, "preprocessing");
  private static final String UNTRAINED = "untrained:";
  private static final String BUNDLED = "bundled";

  // Model loads are not cancellable mid-way (TensorFlow is busy); a newer request makes an older result stale,
  // and a stale model is closed instead of shown.
  private long modelGeneration;
  private CancellationToken downloadToken;
  private TaskRunner.Handle downloadHandle;

  /**
   * @param updateSettings changes and saves the settings (the chosen weights file and its folder are remembered)
   * @param settings the settings now (the preprocessing chosen per file is read from them)
   * @param onModelReady runs on the JavaFX thread once a newly loaded model is in the view model
   */
  WeightsController(AppContext context, MainViewModel vm, TaskRunner tasks, Notifier notifier,
      Consumer<UnaryOperator<Settings>> updateSettings, Supplier<Settings> settings, Runnable onModelReady) {
    this.context = Objects.requireNonNull(context, "context");
    this.vm = Objects.requireNonNull(vm, "vm");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.updateSettings = Objects.requireNonNull(updateSettings, "updateSettings");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.onModelReady = Objects.requireNonNull(onModelReady, "onModelReady");
    this.networks = new NetworkLoader(context.locator(), context.dirs().cache());
    banner.bind(Bindings.createStringBinding(
        () -> bannerMessage(weightsMissing.get(), shown.get(), modelLoading.get(), failure.get()),
        weightsMissing, shown, modelLoading, failure));
    preprocessing.bind(Bindings.createObjectBinding(
        () -> vm.getAnalyzer() == null ? null : vm.getAnalyzer().preprocessing(), vm.analyzerProperty()));
  }

  /**
   * Starts loading the weights given on the command line, else those that loaded last time, else ResNet50V2's
   * official file from the usual places, falling back to the bundled MobileNet when that is nowhere.
   */
  void start(Settings saved) {
    WeightsChoice choice = initialWeights(saved);
    select(choice);
    // Only ResNet50V2, the model a newcomer gets, falls back to the MobileNet: another was chosen on purpose.
    boolean newcomer = choice instanceof WeightsChoice.Find f && f.application() == Applications.DEFAULT;
    load(choice, newcomer ? Fallback.BUNDLED : Fallback.NONE, false);
  }

  private void select(WeightsChoice choice) {
    if (choice.application() != null) {
      selected.set(choice.application());
    }
  }

  private WeightsChoice initialWeights(Settings s) {
    if (context.startWeights() != null) {
      return context.startWeights();
    }
    WeightsChoice saved = savedChoice(s);
    if (saved instanceof WeightsChoice.Model m && !((Files.isRegularFile(m.file()) || Files.isDirectory(m.file()))
        && (m.weights() == null || Files.isRegularFile(m.weights())))) {
      notifier.warning("Model file moved",
          "The model file used last time is gone (" + m.file() + "); looking in the usual places instead.");
      updateSettings.accept(x -> x.withWeights(null, null));
      return new WeightsChoice.Find();
    }
    if (saved instanceof WeightsChoice.File f && !Files.isRegularFile(f.path())) {
      notifier.warning("Weights file moved",
          "The weights file used last time is gone (" + f.path() + "); looking in the usual places instead.");
      updateSettings.accept(x -> x.withWeights(null, null));
      return new WeightsChoice.Find(f.application());
    }
    return saved;
  }

  /**
   * The weights remembered in the settings; {@link WeightsChoice.Find} when none. A file written before there
   * were several built-in models names none: it meant ResNet50V2, as does a name this version does not know.
   */
  static WeightsChoice savedChoice(Settings s) {
    if (s.modelFile() != null) {
      Settings.ModelFile m = s.modelFile();
      return new WeightsChoice.Model(Path.of(m.file()), m.weights() == null ? null : Path.of(m.weights()),
          m.imageSize());
    }
    Application app = Applications.named(s.application()).orElse(Applications.DEFAULT);
    if (s.weightsPath() != null) {
      return new WeightsChoice.File(Path.of(s.weightsPath()), app);
    }
    if (BUNDLED.equals(s.model())) {
      return new WeightsChoice.Bundled();
    }
    if (s.model() != null && s.model().startsWith(UNTRAINED)) {
      try {
        return new WeightsChoice.Untrained(app, Long.parseLong(s.model().substring(UNTRAINED.length())));
      } catch (NumberFormatException e) {
        return new WeightsChoice.Find(app); // a hand-edited file: search as if nothing were remembered
      }
    }
    return new WeightsChoice.Find(app);
  }

  /**
   * The settings remembering {@code choice}, so the next start loads the same model and weights; a model file
   * also goes first in the recent model files.
   */
  static Settings remember(Settings s, WeightsChoice choice) {
    if (choice instanceof WeightsChoice.Model m) {
      return s.withModelFile(new Settings.ModelFile(absolute(m.file()),
          m.weights() == null ? null : absolute(m.weights()), m.imageSize())).withRecentModel(absolute(m.file()));
    }
    String app = choice.application().id();
    if (choice instanceof WeightsChoice.File f) {
      return s.withWeights(f.path().toAbsolutePath().normalize().toString(), null, app);
    }
    if (choice instanceof WeightsChoice.Untrained u) {
      return s.withWeights(null, UNTRAINED + u.seed(), app);
    }
    return s.withWeights(null, choice instanceof WeightsChoice.Bundled ? BUNDLED : null, app);
  }

  /**
   * Reads the chosen weights, then builds and loads the model, all in the background, and remembers the choice
   * once the model has loaded (a file that fails is never remembered). The network reaches the view model as
   * soon as it is read (the Model and Filters tabs fill before TensorFlow starts).
   */
  public void loadWeights(WeightsChoice choice) {
    select(choice);
    load(choice, Fallback.NONE, true);
  }

  /**
   * The model switcher: a built-in model with its ImageNet weights where they are found (the bundled one's always
   * are); otherwise the model shown stays and the banner offers the ways to this one.
   */
  public void chooseApplication(Application app) {
    cancelDownload();
    weightsMissing.set(null); // a banner about the model chosen before would now mislead
    loadWeights(app.bundled() ? new WeightsChoice.Bundled() : new WeightsChoice.Find(app));
  }

  /** What to show when ResNet50V2's weights are nowhere: nothing (the banner only), or the bundled MobileNet. */
  private enum Fallback { NONE, BUNDLED }

  /**
   * Reads the weights and loads the model in one piece of background work: the network reaches the view model as
   * soon as it is read, and TensorFlow starts right after, without waiting for the JavaFX thread (busy building
   * the window at start-up).
   */
  private void load(WeightsChoice choice, Fallback fallback, boolean remember) {
    long mine = ++modelGeneration;
    modelLoading.set(true);
    ModelLoader loader = new ModelLoader(context.dirs(), networks);
    Settings now = settings.get() == null ? Settings.defaults() : settings.get();
    tasks.submit("Loading the model", progress -> {
      progress.update("Reading the weights", -1);
      Network network = read(choice);
      progress.publish(() -> {
        if (mine == modelGeneration) {
          vm.setNetwork(network);
        }
      });
      ModelService service = loader.open(network, progress::update);
      try {
        return new Analyzer(service, images, ImageNetClasses.load(), preprocessingFor(choice, network.graph(), now));
      } catch (RuntimeException e) {
        service.close();
        throw e;
      }
    }, analyzer -> {
      if (mine != modelGeneration) {
        closeInBackground(analyzer.model()); // a newer choice of weights won the race
        return;
      }
      modelLoading.set(false);
      failure.set(null);
      if (!(choice instanceof WeightsChoice.Bundled)) {
        weightsMissing.set(null); // ResNet50V2 (or the user's own model) is here now
      }
      shown.set(choice);
      if (remember) {
        updateSettings.accept(s -> remember(s, choice));
      }
      Analyzer old = vm.getAnalyzer();
      vm.setAnalyzer(analyzer);
      if (old != null) {
        closeInBackground(old.model());
      }
      onModelReady.run();
    }, error -> {
      if (mine != modelGeneration) {
        return;
      }
      modelLoading.set(false);
      if (error instanceof ReadFailure read) {
        weightsUnread(read.getCause(), fallback);
        return;
      }
      failure.set(NotificationCenter.describe("load the model", error));
      if (vm.getAnalyzer() != null) {
        vm.setNetwork(vm.getAnalyzer().model().network()); // the summary goes back to the model still shown
      }
      notifier.error("Could not load the model", error);
    });
  }

  /** The weights could not be read, so there is no network: the banner says why, or the fallback loads. */
  private void weightsUnread(Throwable error, Fallback fallback) {
    if (error instanceof WeightsNotFoundException notFound) {
      weightsMissing.set(notFound.notFound());
      if (fallback == Fallback.BUNDLED) {
        load(new WeightsChoice.Bundled(), Fallback.NONE, false);
      }
    } else {
      failure.set(NotificationCenter.describe("read the weights", error));
      notifier.error("Could not read the weights", error);
    }
  }

  private Network read(WeightsChoice choice) throws ReadFailure {
    try {
      return networks.load(choice);
    } catch (Exception e) {
      throw new ReadFailure(e);
    }
  }

  /** Marks a failure to read the weights, told apart from one to load the model; its cause is what failed. */
  private static final class ReadFailure extends Exception {
    ReadFailure(Exception cause) {
      super(cause);
    }
  }

  /**
   * The preprocessing for a model: the mode the user chose for its file before, else Keras's mode for its
   * architecture ({@link Analyzer#defaultPreprocessing}); a hand-edited unknown mode counts as none chosen.
   */
  static Preprocessing preprocessingFor(WeightsChoice choice, LayerGraph graph, Settings s) {
    String chosen = preprocessingKey(choice).map(s.preprocessing()::get).orElse(null);
    return Arrays.stream(Preprocessing.values()).filter(p -> p.id().equals(chosen)).findFirst()
        .orElseGet(() -> Analyzer.defaultPreprocessing(graph));
  }

  /** Under which name the settings remember a model's preprocessing: its file; none for weights without one. */
  static Optional<String> preprocessingKey(WeightsChoice choice) {
    if (choice instanceof WeightsChoice.Model m) {
      return Optional.of(absolute(m.file()));
    }
    if (choice instanceof WeightsChoice.File f) {
      return Optional.of(absolute(f.path()));
    }
    return Optional.empty();
  }

  /**
   * The preprocessing choice box: runs the model shown with {@code mode} from now on (the same TensorFlow model,
   * nothing is reloaded), remembers it for the model's file and analyses the current image again.
   */
  public void choosePreprocessing(Preprocessing mode) {
    Analyzer current = vm.getAnalyzer();
    if (current == null || mode == null || mode == current.preprocessing()) {
      return;
    }
    vm.setAnalyzer(new Analyzer(current.model(), images, ImageNetClasses.load(), mode));
    preprocessingKey(shown.get()).ifPresent(key -> updateSettings.accept(s -> s.withPreprocessing(key, mode.id())));
    onModelReady.run();
  }

  /** How the model shown scales its input pixels; null before any model has loaded. */
  public ReadOnlyObjectProperty<Preprocessing> preprocessingProperty() {
    return preprocessing.getReadOnlyProperty();
  }

  private void closeInBackground(ModelService service) {
    // close() waits for a forward pass still running on it, so not on the JavaFX thread.
    tasks.submit("Closing the previous model", p -> {
      service.close();
      return null;
    }, ignored -> { }, error -> notifier.error("Could not close the previous model", error));
  }

  /** "Use untrained ..." (banner and Model menu): the selected model with seeded random weights, remembered. */
  public void useUntrainedWeights() {
    cancelDownload();
    loadWeights(new WeightsChoice.Untrained(selected.get(), WeightsChoice.DEFAULT_SEED));
  }

  /** "Use the bundled MobileNet" (Weights menu): the trained model inside the app, remembered once loaded. */
  public void useBundledModel() {
    cancelDownload();
    loadWeights(new WeightsChoice.Bundled());
  }

  /**
   * "Open weights..." and the banner's "Locate file...": loads {@code file}, and remembers it for next time once
   * it has loaded. The folder is remembered at once, for the next file dialog.
   */
  public void openWeights(Path file) {
    cancelDownload();
    Path absolute = file.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    updateSettings.accept(s -> s.withWeightsFolder(folder == null ? null : folder.toString()));
    loadWeights(new WeightsChoice.File(absolute, selected.get()));
  }

  /**
   * "Open model..." and drag and drop: loads a Keras model file of the user's own (a whole {@code .h5} or
   * {@code .keras}, or an architecture {@code .json} with its {@code weights}, else null) or a TensorFlow SavedModel
   * folder (or its {@code saved_model.pb}), and remembers it once it has loaded. A file that fails leaves the model
   * shown as it is, with the reader's message.
   */
  public void openModelFile(Path file, Path weights) {
    cancelDownload();
    Path absolute = savedModelFolder(file).toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    updateSettings.accept(s -> s.withWeightsFolder(folder == null ? null : folder.toString()));
    loadWeights(new WeightsChoice.Model(absolute, weights == null ? null : weights.toAbsolutePath().normalize()));
  }

  /**
   * Whether a dropped file is a Keras model or weights file rather than an image; a folder (or its {@code
   * saved_model.pb}) is a TensorFlow SavedModel.
   */
  static boolean isModelFile(Path p) {
    return isHdf5File(p) || isArchitectureFile(p) || Files.isDirectory(p) || isSavedModelPb(p)
        || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".keras");
  }

  /** The file of a SavedModel folder ({@code saved_model.pb}) that the model file dialog lets people pick. */
  static boolean isSavedModelPb(Path p) {
    return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pb");
  }

  /** A SavedModel opens as its folder, whether the folder or its {@code saved_model.pb} was chosen. */
  static Path savedModelFolder(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return isSavedModelPb(p) && parent != null ? parent : p;
  }

  /** Whether {@code p} is named as a Keras HDF5 file: weights only, or a whole model. */
  static boolean isHdf5File(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".h5") || name.endsWith(".hdf5");
  }

  /** Whether {@code p} is an architecture {@code .json} ({@code model.to_json()}), which needs a weights file. */
  static boolean isArchitectureFile(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  /** The banner's "Download": fetches the selected model's official file (checksum checked), then loads it. */
  public void downloadWeights() {
    Application app = selected.get();
    if (download.get() != null || app.bundled()) {
      return;
    }
    CancellationToken token = new CancellationToken();
    downloadToken = token;
    downloadFailure.set(null);
    downloadHandle = tasks.submit("Downloading the ImageNet weights", progress -> {
      return context.downloader().download(app.weights(), (done, total) -> {
        if (progress.isCancelled()) {
          token.cancel();
        }
        progress.update(downloadMessage(done, total), total > 0 ? (double) done / total : -1);
      }, token);
    }, path -> {
      download.set(null);
      loadWeights(new WeightsChoice.File(path, app));
    }, error -> {
      download.set(null);
      if (!(error instanceof CancellationException)) {
        downloadFailure.set(downloadFailureMessage(error)); // in the banner, which has the ways on
      }
    });
    download.set(downloadHandle.worker() != null ? downloadHandle.worker() : null);
  }

  /** Stops a running download; the partial file is deleted by the downloader. */
  public void cancelDownload() {
    if (downloadToken != null) {
      downloadToken.cancel();
      downloadToken = null;
    }
    if (downloadHandle != null) {
      downloadHandle.cancel();
      downloadHandle = null;
    }
    download.set(null);
  }

  /** A failed download in the app's words (the downloader's own message speaks of command-line options). */
  static String downloadFailureMessage(Throwable error) {
    if (!(error instanceof WeightsDownloadException failed) || failed.attempts().isEmpty()) {
      return "The download failed: " + NotificationCenter.describe("download the weights", error);
    }
    String why = failed.looksOffline() ? "no download server could be reached; are you offline?"
        : failed.attempts().stream().map(a -> a.url().getHost() + ": " + a.reason())
            .collect(Collectors.joining("; "));
    return "The download failed: " + why + ". You can fetch the file with a browser from "
        + failed.attempts().get(0).url() + " and choose Locate file..., or go on with the model shown.";
  }

  /** Why the last download failed, for the banner; null when none failed since. */
  public ReadOnlyStringProperty downloadFailureProperty() {
    return downloadFailure.getReadOnlyProperty();
  }

  static String downloadMessage(long done, long total) {
    double mb = done / 1e6;
    return total > 0
        ? String.format(Locale.ROOT, "Downloading weights: %.1f of %.0f MB", mb, total / 1e6)
        : String.format(Locale.ROOT, "Downloading weights: %.1f MB", mb);
  }

  /**
   * What the banner says, or null to hide it: shown while a built-in model's weights are missing (the bundled
   * MobileNet or the model shown before standing in), and whenever no model is loaded (nothing is loading), so
   * there is always a way on.
   */
  static String bannerMessage(WeightsLocator.NotFound missing, WeightsChoice shown, boolean loading,
      String failure) {
    if (missing != null && shown != null) {
      String model = missing.weights().modelName();
      String standIn = shown instanceof WeightsChoice.Bundled ? "showing " + BundledModel.DESCRIPTION
          : "still showing the model before";
      return model + "'s ImageNet weights were not found; " + standIn + ". Looked in " + places(missing)
          + " for " + missing.weights().preferred().fileName() + ".";
    }
    if (shown != null || loading) {
      return null;
    }
    if (missing != null) {
      String model = missing.weights().modelName();
      return "No model is loaded: " + model + "'s ImageNet weights were not found (looked in " + places(missing)
          + " for " + missing.weights().preferred().fileName() + "). Download them, locate the file, or look at "
          + model + " with untrained (random) weights.";
    }
    return "No model is loaded" + (failure == null ? "" : ": " + failure)
        + ". Download a model's ImageNet weights, locate a weights file, or use untrained weights.";
  }

  private static String places(WeightsLocator.NotFound missing) {
    return missing.folders().stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  /** The banner's text, null when it is hidden ({@link #bannerMessage}). */
  public ReadOnlyStringProperty bannerProperty() {
    return banner.getReadOnlyProperty();
  }

  /**
   * How the window names the model shown: "MobileNet (bundled)", "ResNet50V2 (untrained)", a model file's
   * graph name; null for none.
   */
  static String modelLabel(WeightsChoice shown, Network network) {
    if (shown == null || network == null) {
      return null;
    }
    if (shown instanceof WeightsChoice.Bundled) {
      return BundledModel.NAME + " (bundled)";
    }
    String name = shown.application() != null ? shown.application().displayName() : network.graph().name();
    return name + (network.origin().untrained() ? " (untrained)" : "");
  }

  /** The built-in model the banner's and Model menu's download, locate and untrained are for. */
  public ReadOnlyObjectProperty<Application> selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  /** The weights of the model shown now; null before any has loaded. */
  public ReadOnlyObjectProperty<WeightsChoice> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  /** Where ResNet50V2's weights were looked for when they were not found; null once they are loaded. */
  public ReadOnlyObjectProperty<WeightsLocator.NotFound> weightsMissingProperty() {
    return weightsMissing.getReadOnlyProperty();
  }

  /** The running download, for the banner's progress bar; null when none. */
  public ReadOnlyObjectProperty<Worker<?>> downloadProperty() {
    return download.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty modelLoadingProperty() {
    return modelLoading.getReadOnlyProperty();
  }

  /** Stops a download, makes any model still loading stale, and closes the model in use. */
  @Override
  public void close() {
    cancelDownload();
    modelGeneration++;
    Analyzer analyzer = vm.getAnalyzer();
    if (analyzer != null) {
      analyzer.model().close();
    }
  }
}
