package org.convlens.ui.views;

import java.util.List;
import org.convlens.inference.InferenceException;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Activations;
import org.convlens.ui.MainViewModel;

/**
 * Computes the activations of layers an analysis did not already capture, for the same prepared input.
 * Called off the JavaFX thread. A seam so the Layers view can be tested without TensorFlow.
 */
@FunctionalInterface
public interface OnDemandLayers {
  Activations compute(Analysis analysis, List<String> layers) throws Exception;

  /**
   * Runs the layers through the view model's current {@link Analyzer}; fails plainly while there is none (an
   * InferenceException, whose words are shown: an IllegalStateException would read as a bug).
   */
  static OnDemandLayers using(MainViewModel vm) {
    return (analysis, layers) -> {
      Analyzer analyzer = vm.getAnalyzer();
      if (analyzer == null) {
        throw new InferenceException("The model is not running yet, so " + String.join(", ", layers)
            + " cannot be computed; try again once it has started.", null);
      }
      return analyzer.layers(analysis.input(), layers);
    };
  }
}
