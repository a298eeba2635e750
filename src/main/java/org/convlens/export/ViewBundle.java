package org.convlens.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.convlens.model.Prediction;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.MosaicOptions;

/**
 * Everything "export all views" writes for one image: the activations, which layers to show as the named
 * stages and as extra views, the first convolution's kernel, the predictions and where they came from.
 * Written by {@link ViewBundleWriter}; the command-line {@code export} and the app both build one.
 *
 * @param stages stage name (also the file name) to layer name, in display order
 * @param kernelLayer the layer {@code kernel} belongs to; both null when no filter grid is wanted
 * @param predictions top predictions, best first; empty for none
 */
public record ViewBundle(
    Activations activations,
    Map<String, String> stages,
    List<String> extraLayers,
    String kernelLayer,
    Tensor kernel,
    List<Prediction> predictions,
    RunInfo run,
    MosaicOptions mosaic,
    FilterGridOptions filters) {

  public ViewBundle {
    Objects.requireNonNull(activations, "activations");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(mosaic, "mosaic");
    Objects.requireNonNull(filters, "filters");
    if ((kernel == null) != (kernelLayer == null)) {
      throw new IllegalArgumentException("give both the kernel and its layer name, or neither");
    }
    stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    extraLayers = List.copyOf(extraLayers);
    predictions = List.copyOf(predictions);
  }

  /** A builder with no stages, no kernel, no predictions and default view options. */
  public static Builder builder(Activations activations, RunInfo run) {
    return new Builder(activations, run);
  }


  /** Collects the optional parts of a {@link ViewBundle}. */
  public static final class Builder {
    private final Activations activations;
    private final RunInfo run;
    private Map<String, String> stages = Map.of();
    private List<String> extraLayers = List.of();
    private String kernelLayer;
    private Tensor kernel;
    private List<Prediction> predictions = List.of();
    private MosaicOptions mosaic = MosaicOptions.defaults();
    private FilterGridOptions filters = FilterGridOptions.defaults();

    private Builder(Activations activations, RunInfo run) {
      this.activations = activations;
      this.run = run;
    }

    /** Stage name to layer name, in order, e.g. {@link org.convlens.model.Stages#layerMap}. */
    public Builder stages(Map<String, String> stages) {
      this.stages = stages;
      return this;
    }

    /** More layers to show, each written as {@code <layer>.png}. */
    public Builder extraLayers(List<String> layers) {
      this.extraLayers = layers;
      return this;
    }

    /** The kernel {@code [kh, kw, in, out]} of {@code layer}, drawn as {@code filters.png}. */
    public Builder kernel(String layer, Tensor kernel) {
      this.kernelLayer = Objects.requireNonNull(layer, "layer");
      this.kernel = Objects.requireNonNull(kernel, "kernel");
      return this;
    }

    public Builder predictions(List<Prediction> predictions) {
      this.predictions = predictions;
      return this;
    }

    public Builder mosaic(MosaicOptions options) {
      this.mosaic = options;
      return this;
    }

    public Builder filters(FilterGridOptions options) {
      this.filters = options;
      return this;
    }

    public ViewBundle build() {
      return new ViewBundle(activations, stages, extraLayers, kernelLayer, kernel, predictions, run, mosaic,
          filters);
    }
  }
}
