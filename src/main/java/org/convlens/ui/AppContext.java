package org.convlens.ui;

import java.util.Objects;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.AppDirs;
import org.convlens.pipeline.WeightsChoice;

/**
 * Everything the window needs from outside, injected so tests can point it at temporary folders, an empty
 * weights search path or untrained weights, and the real app at the user's folders.
 *
 * @param dirs config (settings) and cache (TensorFlow natives, SavedModels) folders
 * @param locator where to look for the ImageNet weights
 * @param downloader fetches the weights when the user asks
 * @param startWeights the weights to load at start; null means the saved choice, else search the usual places
 * @param views makes the analysis tabs
 */
public record AppContext(
    AppDirs dirs,
    WeightsLocator locator,
    WeightsDownloader downloader,
    WeightsChoice startWeights,
    AnalysisViewFactory views) {

  public AppContext {
    Objects.requireNonNull(dirs, "dirs");
    Objects.requireNonNull(locator, "locator");
    Objects.requireNonNull(downloader, "downloader");
    Objects.requireNonNull(views, "views");
  }

  /** The real app's context: the user's folders, the default weights search, the four standard tabs. */
  public static AppContext forCurrentUser(WeightsChoice startWeights) {
    return new AppContext(AppDirs.forCurrentUser(), WeightsLocator.withDefaults(), new WeightsDownloader(),
        startWeights, StandardViews::create);
  }

  public AppContext withStartWeights(WeightsChoice choice) {
    return new AppContext(dirs, locator, downloader, choice, views);
  }
}
