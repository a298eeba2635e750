package org.convlens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.convlens.image.ImageLoader;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Analyzer;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.AppDirs;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.pipeline.WeightsNotFoundException;

/** What the commands share: where output goes, and how the model and images are loaded. */
final class CliContext {
  private final PrintWriter out;
  private final PrintWriter err;
  private final AppDirs dirs;
  private final NetworkLoader networks;
  private final DownloadSettings downloads;
  private ImageNetClasses classes;

  CliContext(PrintWriter out, PrintWriter err, AppDirs dirs, WeightsLocator locator,
      DownloadSettings downloads) {
    this.out = out;
    this.err = err;
    this.dirs = dirs;
    this.networks = new NetworkLoader(locator, dirs.cache());
    this.downloads = downloads;
  }

  PrintWriter err() {
    return err;
  }

  DownloadSettings downloads() {
    return downloads;
  }

  PrintWriter out() {
    return out;
  }

  Network network(WeightsChoice choice) throws WeightsNotFoundException, IOException {
    return networks.load(choice);
  }

  ModelService model(WeightsChoice choice) throws WeightsNotFoundException, IOException, ModelLoadException {
    return new ModelLoader(dirs, networks).load(choice, progress());
  }

  /** The model for a network already read (and checked) by the command. */
  ModelService model(Network network) throws ModelLoadException {
    return new ModelLoader(dirs, networks).open(network, progress());
  }

  /** Progress goes to stderr so stdout stays clean for --json and pipes. */
  private Progress progress() {
    return (message, fraction) -> {
      err.println(message + "...");
      err.flush();
    };
  }

  /**
   * The pipeline for images with the declared preprocessing, or the architecture's default when none was
   * declared; the choice is said on stderr, with the progress, since it changes every result.
   */
  Analyzer analyzer(ModelService service, Preprocessing declared) {
    return new Analyzer(service, new ImageLoader(), classes(), preprocessing(service.network().graph(), declared));
  }

  /** The declared preprocessing or the architecture's default, said on stderr since it changes every result. */
  Preprocessing preprocessing(LayerGraph graph, Preprocessing declared) {
    Preprocessing mode = declared != null ? declared : Analyzer.defaultPreprocessing(graph);
    err.println("Preprocessing: " + mode.id() + " (" + why(graph, declared) + ")");
    err.flush();
    return mode;
  }

  private static String why(LayerGraph graph, Preprocessing declared) {
    if (declared != null) {
      return "--preprocess";
    }
    return Applications.of(graph).map(Application::kerasName)
        .or(() -> Preprocessing.application(graph.name(), graph.layerNames()))
        .map(app -> "Keras's mode for " + app + "; change it with --preprocess")
        .orElse("the default for a model Keras does not ship; declare it with --preprocess tf|caffe|torch|unit|raw");
  }

  ImageNetClasses classes() {
    if (classes == null) {
      classes = ImageNetClasses.load();
    }
    return classes;
  }
}
