package org.convlens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Worker;
import org.convlens.image.ImageLoader;
import org.convlens.inference.ModelService;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.weights.CancellationToken;
import org.convlens.model.weights.KnownWeights;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Analyzer;
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
  private final Runnable onModelReady;
  private final NetworkLoader networks;
  private final ImageLoader images = new ImageLoader();

  private final ReadOnlyObjectWrapper<WeightsLocator.NotFound> weightsMissing =
      new ReadOnlyObjectWrapper<>(this, "weightsMissing");
  private final ReadOnlyObjectWrapper<Worker<?>> download = new ReadOnlyObjectWrapper<>(this, "download");
  private final ReadOnlyBooleanWrapper modelLoading = new ReadOnlyBooleanWrapper(this, "modelLoading");

  // Model loads are not cancellable mid-way (TensorFlow is busy); a newer request makes an older result stale,
  // and a stale model is closed instead of shown.
  private long modelGeneration;
  private CancellationToken downloadToken;
  private TaskRunner.Handle downloadHandle;

  /**
   * @param updateSettings changes and saves the settings (the chosen weights file and its folder are remembered)
   * @param onModelReady runs on the JavaFX thread once a newly loaded model is in the view model
   */
  WeightsController(AppContext context, MainViewModel vm, TaskRunner tasks, Notifier notifier,
      Consumer<UnaryOperator<Settings>> updateSettings, Runnable onModelReady) {
    this.context = Objects.requireNonNull(context, "context");
    this.vm = Objects.requireNonNull(vm, "vm");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.updateSettings = Objects.requireNonNull(updateSettings, "updateSettings");
    this.onModelReady = Objects.requireNonNull(onModelReady, "onModelReady");
    this.networks = new NetworkLoader(context.locator());
  }

  /** Starts loading the weights given on the command line, else those used last time, else the usual places. */
  void start(Settings saved) {
    loadWeights(initialWeights(saved));
  }

  private WeightsChoice initialWeights(Settings s) {
    if (context.startWeights() != null) {
      return context.startWeights();
    }
    if (s.weightsPath() != null) {
      Path saved = Path.of(s.weightsPath());
      if (Files.isRegularFile(saved)) {
        return new WeightsChoice.File(saved);
      }
      notifier.warning("Weights file moved",
          "The weights file used last time is gone (" + saved + "); looking in the usual places instead.");
      updateSettings.accept(x -> x.withWeightsPath(null));
    }
    return new WeightsChoice.Find();
  }

  /**
   * Reads the chosen weights, then builds and loads the model, all in the background. The network reaches the
   * view model as soon as it is read (the Model and Filters tabs fill before TensorFlow starts). When the weights
   * cannot be found, {@link #weightsMissingProperty()} says where ConvLens looked, for the banner.
   */
  public void loadWeights(WeightsChoice choice) {
    long mine = ++modelGeneration;
    modelLoading.set(true);
    tasks.submit("Reading the weights", progress -> {
      progress.update("Reading the weights", -1);
      return networks.load(choice);
    }, network -> {
      if (mine != modelGeneration) {
        return;
      }
      weightsMissing.set(null);
      vm.setNetwork(network);
      openModel(network, mine);
    }, error -> {
      if (mine != modelGeneration) {
        return;
      }
      modelLoading.set(false);
      if (error instanceof WeightsNotFoundException notFound) {
        weightsMissing.set(notFound.notFound());
      } else {
        notifier.error("Could not read the weights", error);
      }
    });
  }

  private void openModel(Network network, long mine) {
    ModelLoader loader = new ModelLoader(context.dirs(), networks);
    tasks.submit("Loading the model", progress -> {
      ModelService service = loader.open(network, progress::update);
      try {
        return new Analyzer(service, images, ImageNetClasses.load());
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
      Analyzer old = vm.getAnalyzer();
      vm.setAnalyzer(analyzer);
      if (old != null) {
        closeInBackground(old.model());
      }
      onModelReady.run();
    }, error -> {
      if (mine == modelGeneration) {
        modelLoading.set(false);
        notifier.error("Could not load the model", error);
      }
    });
  }

  private void closeInBackground(ModelService service) {
    // close() waits for a forward pass still running on it, so not on the JavaFX thread.
    tasks.submit("Closing the previous model", p -> {
      service.close();
      return null;
    }, ignored -> { }, error -> notifier.error("Could not close the previous model", error));
  }

  /** The Find/Download/Locate banner's "Use untrained weights". */
  public void useUntrainedWeights() {
    cancelDownload();
    loadWeights(new WeightsChoice.Untrained(WeightsChoice.DEFAULT_SEED));
  }

  /** "Open weights..." and the banner's "Locate file...": loads {@code file} and remembers it for next time. */
  public void openWeights(Path file) {
    cancelDownload();
    Path absolute = file.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    updateSettings.accept(s -> s.withWeightsPath(absolute.toString())
        .withWeightsFolder(folder == null ? null : folder.toString()));
    loadWeights(new WeightsChoice.File(absolute));
  }

  /** Whether a dropped file is a weights file rather than an image. */
  static boolean isWeightsFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".h5") || name.endsWith(".hdf5");
  }

  /** The banner's "Download": fetches the official file (with its MD5 check), then loads it. */
  public void downloadWeights() {
    if (download.get() != null) {
      return;
    }
    CancellationToken token = new CancellationToken();
    downloadToken = token;
    downloadHandle = tasks.submit("Downloading the ImageNet weights", progress -> {
      return context.downloader().download(KnownWeights.RESNET50_V2, (done, total) -> {
        if (progress.isCancelled()) {
          token.cancel();
        }
        progress.update(downloadMessage(done, total), total > 0 ? (double) done / total : -1);
      }, token);
    }, path -> {
      download.set(null);
      loadWeights(new WeightsChoice.File(path));
    }, error -> {
      download.set(null);
      if (!(error instanceof CancellationException)) {
        notifier.error("Download failed", error);
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

  static String downloadMessage(long done, long total) {
    double mb = done / 1e6;
    return total > 0
        ? String.format(Locale.ROOT, "Downloading weights: %.1f of %.0f MB", mb, total / 1e6)
        : String.format(Locale.ROOT, "Downloading weights: %.1f MB", mb);
  }

  /** Where the weights were looked for when none were found; null when weights are loaded or loading. */
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
