package org.convlens.model;

import java.util.Arrays;
import java.util.List;
import org.convlens.model.Reshaping.Interpolation;
import org.convlens.tensor.Tensor;

/** Keras's preprocessing layers that models carry inside them. Inputs are channels-last. */
public sealed interface PreprocessingLayers extends LayerConfig {

  /**
   * {@code x * scale + offset}, each one number (the common case) or one per channel, as Keras allows: EfficientNet
   * with its official weights divides each channel by its own {@code sqrt(stddev)}.
   */
  record Rescaling(float[] scale, float[] offset) implements PreprocessingLayers {
    /** The same number for every channel. */
    public Rescaling(float scale, float offset) {
      this(new float[] {scale}, new float[] {offset});
    }

    public Rescaling {
      if (scale.length == 0 || offset.length == 0) {
        throw new IllegalArgumentException("a scale and an offset, one number or one per channel");
      }
      scale = scale.clone();
      offset = offset.clone();
    }

    public String kerasType() {
      return "Rescaling";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] out = Shapes.same(inputs);
      int c = out.length == 0 ? 1 : out[out.length - 1];
      for (float[] v : List.of(scale, offset)) {
        if (v.length != 1 && v.length != c) {
          throw new IllegalArgumentException(v.length + " scales or offsets for " + c + " channels");
        }
      }
      return out;
    }

    // Arrays compare by content, so two configs with the same numbers are equal.
    @Override
    public boolean equals(Object o) {
      return o instanceof Rescaling r && Arrays.equals(scale, r.scale) && Arrays.equals(offset, r.offset);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(scale) + Arrays.hashCode(offset);
    }

    @Override
    public String toString() {
      return "Rescaling[scale=" + text(scale) + ", offset=" + text(offset) + "]";
    }

    private static String text(float[] v) {
      return v.length == 1 ? Float.toString(v[0]) : Arrays.toString(v);
    }
  }

  /**
   * Keras's {@code Normalization} over the last axis: {@code (x - mean) / max(sqrt(variance), 1e-7)}. The mean and
   * variance come either from the layer's weights ({@code adapt}: {@code mean}, {@code variance} and {@code count},
   * all non-trainable), or, when given in the config, as {@code mean} and {@code variance} here.
   */
  record Normalization(float[] mean, float[] variance) implements PreprocessingLayers {
    /** Keras's {@code backend.epsilon()}, the floor of the standard deviation. */
    public static final float EPSILON = 1e-7f;

    /** Statistics from the weights. */
    public static Normalization adapted() {
      return new Normalization(null, null);
    }

    public Normalization {
      if ((mean == null) != (variance == null)) {
        throw new IllegalArgumentException("give both mean and variance, or neither");
      }
      mean = mean == null ? null : mean.clone();
      variance = variance == null ? null : variance.clone();
    }

    public String kerasType() {
      return "Normalization";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      int c = in[in.length - 1];
      if (mean != null && mean.length != 1 && mean.length != c) {
        throw new IllegalArgumentException(mean.length + " means for " + c + " channels");
      }
      return in.clone();
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      if (mean != null) {
        return List.of();
      }
      int[] in = Shapes.atLeastRank(inputs, 1);
      int c = in[in.length - 1];
      return List.of(WeightSpec.nonTrainable("mean", c), WeightSpec.nonTrainable("variance", c),
          WeightSpec.nonTrainable("count"));
    }
  }

  /** Resizes the image to {@code height x width}, without keeping its aspect ratio. */
  record Resizing(int height, int width, Interpolation interpolation) implements PreprocessingLayers {
    public String kerasType() {
      return "Resizing";
    }

    public int[] outputShape(List<int[]> inputs) {
      return new int[] {height, width, Shapes.single(inputs, 3)[2]};
    }
  }

  /** Cuts the central {@code height x width} out of a larger image. */
  record CenterCrop(int height, int width) implements PreprocessingLayers {
    public String kerasType() {
      return "CenterCrop";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      if (in[0] < height || in[1] < width) {
        throw new IllegalArgumentException("CenterCrop to " + height + "x" + width + " needs an image at least that "
            + "large, got " + Tensor.formatShape(in) + " (Keras would resize it; not supported)");
      }
      return new int[] {height, width, in[2]};
    }

    /** First row and column kept, as Keras computes them. */
    public int[] offsets(int[] in) {
      return new int[] {(in[0] - height) / 2, (in[1] - width) / 2};
    }
  }
}
