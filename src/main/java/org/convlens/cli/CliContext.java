package org.convlens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.convlens.image.ImageLoader;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Analyzer;
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
    // Progress goes to stderr so stdout stays clean for --json and pipes.
    Progress progress = (message, fraction) -> {
      err.println(message + "...");
      err.flush();
    };
    return new ModelLoader(dirs, networks).load(choice, progress);
  }

  Analyzer analyzer(ModelService service) {
    return new Analyzer(service, new ImageLoader(), classes());
  }

  ImageNetClasses classes() {
    if (classes == null) {
      classes = ImageNetClasses.load();
    }
    return classes;
  }
}
