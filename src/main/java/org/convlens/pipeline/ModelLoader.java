package org.convlens.pipeline;

import java.io.IOException;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TensorFlowRuntime;
import org.convlens.model.Network;

/**
 * From a choice of weights to a running model: network, TensorFlow engine, cached SavedModel (or the user's own
 * SavedModel folder, as it is), predictor.
 */
public final class ModelLoader {
  private final AppDirs dirs;
  private final NetworkLoader networks;

  public ModelLoader(AppDirs dirs, NetworkLoader networks) {
    this.dirs = dirs;
    this.networks = networks;
  }

  public ModelService load(WeightsChoice choice, Progress progress)
      throws WeightsNotFoundException, IOException, ModelLoadException {
    progress.update("Reading the weights", -1);
    Network network = networks.load(choice);
    return open(network, progress);
  }

  /** A Keras model through its cached SavedModel; a SavedModel read from its signature as it is. */
  public ModelService open(Network network, Progress progress) throws ModelLoadException {
    progress.update("Starting TensorFlow", -1);
    TensorFlowRuntime.start();
    if (network.signature().isPresent()) {
      return ModelService.openSavedModel(network, progress);
    }
    return ModelService.open(network, new SavedModelCache(dirs.savedModels()), progress);
  }
}
