package org.convlens.model;

import java.util.ArrayList;
import java.util.List;

/** Normalisation layers in inference mode. */
public sealed interface Normalizations extends LayerConfig {

  /**
   * Batch normalisation with its moving statistics: {@code gamma (x - mean) / sqrt(var + epsilon) + beta} along
   * {@code axis} (a Keras axis, counted with the batch; -1 is the channels). Without {@code scale} there is no
   * gamma, without {@code center} no beta, as in Keras's weights.
   */
  record BatchNormalization(int axis, float epsilon, boolean center, boolean scale) implements Normalizations {
    /** Over the channels, with gamma and beta (every ResNet50V2 batch norm). */
    public BatchNormalization(float epsilon) {
      this(-1, epsilon, true, true);
    }

    public String kerasType() {
      return "BatchNormalization";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      Shapes.axis(axis, in.length);
      return in.clone();
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      int c = in[Shapes.axis(axis, in.length)];
      List<WeightSpec> specs = new ArrayList<>();
      if (scale) {
        specs.add(WeightSpec.trainable("gamma", c));
      }
      if (center) {
        specs.add(WeightSpec.trainable("beta", c));
      }
      specs.add(WeightSpec.nonTrainable("moving_mean", c));
      specs.add(WeightSpec.nonTrainable("moving_variance", c));
      return specs;
    }
  }

  /**
   * Layer normalisation over {@code axes} (Keras axes, counted with the batch): {@code (x - mean) /
   * sqrt(var + epsilon)} with the population variance, then {@code gamma}, {@code beta} shaped like those axes.
   */
  record LayerNormalization(int[] axes, float epsilon, boolean center, boolean scale) implements Normalizations {
    public LayerNormalization {
      axes = axes.clone();
    }

    public String kerasType() {
      return "LayerNormalization";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      for (int a : axes) {
        Shapes.axis(a, in.length);
      }
      return in.clone();
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      int[] shape = new int[axes.length];
      for (int i = 0; i < axes.length; i++) {
        shape[i] = in[Shapes.axis(axes[i], in.length)];
      }
      List<WeightSpec> specs = new ArrayList<>();
      if (scale) {
        specs.add(WeightSpec.trainable("gamma", shape));
      }
      if (center) {
        specs.add(WeightSpec.trainable("beta", shape));
      }
      return specs;
    }
  }
}
