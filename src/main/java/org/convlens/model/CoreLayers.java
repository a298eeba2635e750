package org.convlens.model;

import java.util.List;
import java.util.Set;

/** Fully connected layers and the layers that only act in training. */
public sealed interface CoreLayers extends LayerConfig {

  /**
   * Fully connected layer on the last axis of any input of rank 1 or more ({@code [..., in] -> [..., units]}),
   * with an optional bias and its activation.
   */
  record Dense(int units, boolean useBias, ActivationFunction activation) implements CoreLayers {
    /** With a bias. */
    public Dense(int units, ActivationFunction activation) {
      this(units, true, activation);
    }

    public String kerasType() {
      return "Dense";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] out = Shapes.atLeastRank(inputs, 1).clone();
      out[out.length - 1] = units;
      return out;
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      WeightSpec kernel = WeightSpec.trainable("kernel", in[in.length - 1], units);
      return useBias ? List.of(kernel, WeightSpec.trainable("bias", units)) : List.of(kernel);
    }
  }

  /**
   * Dropout, SpatialDropout2D, GaussianNoise, GaussianDropout and ConvNeXt's StochasticDepth: the identity at
   * inference, kept so layer names and the summary match Keras.
   */
  record TrainingOnly(String kerasType) implements CoreLayers {
    public static final Set<String> KINDS =
        Set.of("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "StochasticDepth");

    public TrainingOnly {
      if (!KINDS.contains(kerasType)) {
        throw new IllegalArgumentException(kerasType + " is not one of " + KINDS);
      }
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }
  }
}
