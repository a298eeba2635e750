package org.convlens.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.convlens.export.RunInfo;
import org.convlens.export.ViewBundle;
import org.convlens.image.ModelInput;
import org.convlens.image.RgbImage;
import org.convlens.model.Convolutions;
import org.convlens.model.Network;
import org.convlens.model.Prediction;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;

/**
 * Everything the network did with one image: the image as loaded, the view the model received (at its input
 * size, with its preprocessing), the requested activations, the top outputs (empty when the model's output is not
 * a vector), the weights used and the time taken.
 */
public record Analysis(
    Path source,
    RgbImage original,
    ModelInput input,
    Activations activations,
    List<Prediction> predictions,
    WeightsOrigin weights,
    long inferenceMillis) {

  /** Where this analysis came from, as exported files record it. */
  public RunInfo runInfo(Network network) {
    return RunInfo.of(network.graph().name(), weights, source, input.mode().id());
  }

  /**
   * Every view of this analysis by {@code network}: its stages, its first Conv2D's filters (when it has one) and
   * the predictions. The command line's {@code export} and the app's "Export all views" both start here, so they
   * write the same files; callers add view options and extra layers.
   */
  public ViewBundle.Builder views(Network network) {
    ViewBundle.Builder views = ViewBundle.builder(activations, runInfo(network))
        .stages(network.stageLayers())
        .predictions(predictions);
    // A model whose convolutions are all depthwise or separable has no plain filters to draw.
    boolean hasConv2D = network.graph().layers().stream().anyMatch(l -> l.config() instanceof Convolutions.Conv2D);
    return hasConv2D ? views.kernel(network.graph().firstConvLayer(), network.firstConvKernel()) : views;
  }
}
