package org.convlens.model;

import java.util.List;

/** The custom layers that Keras's own applications register, recognised by their class name. */
public sealed interface ApplicationLayers extends LayerConfig {

  /** ConvNeXt's {@code LayerScale}: {@code x * gamma}, one learned {@code gamma} per channel. */
  record LayerScale(float initValues, int projectionDim) implements ApplicationLayers {
    public String kerasType() {
      return "LayerScale";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      if (in[in.length - 1] != projectionDim) {
        throw new IllegalArgumentException("LayerScale of " + projectionDim + " channels on an input with "
            + in[in.length - 1]);
      }
      return in.clone();
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      return List.of(WeightSpec.trainable("gamma", projectionDim));
    }
  }
}
