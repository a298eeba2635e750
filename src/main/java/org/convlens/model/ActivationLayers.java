package org.convlens.model;

import java.util.List;

/** Layers that apply an element-wise (or, for softmax, per-axis) function. */
public sealed interface ActivationLayers extends LayerConfig {

  /** Keras's {@code Activation} layer, with any {@link ActivationFunction}. */
  record Activation(ActivationFunction function) implements ActivationLayers {
    public String kerasType() {
      return "Activation";
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }
  }

  /**
   * Keras's {@code ReLU} layer: {@code max_value} at and above it, {@code x} from {@code threshold} up, and
   * {@code negativeSlope * (x - threshold)} below ({@code max_value} 6 is MobileNet's ReLU6).
   */
  record ReLU(float maxValue, float negativeSlope, float threshold) implements ActivationLayers {
    public static final float UNCAPPED = Float.POSITIVE_INFINITY;

    /** A plain ReLU, capped at {@code maxValue}. */
    public ReLU(float maxValue) {
      this(maxValue, 0f, 0f);
    }

    public String kerasType() {
      return "ReLU";
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }
  }

  /** {@code x} for positive, {@code alpha * x} for negative inputs. */
  record LeakyReLU(float alpha) implements ActivationLayers {
    public String kerasType() {
      return "LeakyReLU";
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }
  }

  /**
   * A leaky ReLU with a learned slope per element, shared along {@code sharedAxes} (Keras axes counted with the
   * batch, e.g. {@code [1, 2]} for one slope per channel).
   */
  record PReLU(int[] sharedAxes) implements ActivationLayers {
    public PReLU {
      sharedAxes = sharedAxes.clone();
    }

    public String kerasType() {
      return "PReLU";
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int[] shape = Shapes.same(inputs);
      for (int a : sharedAxes) {
        shape[Shapes.axis(a, shape.length)] = 1;
      }
      return List.of(WeightSpec.trainable("alpha", shape));
    }
  }

  /** {@code x} for positive, {@code alpha (exp(x) - 1)} for negative inputs. */
  record ELU(float alpha) implements ActivationLayers {
    public String kerasType() {
      return "ELU";
    }

    public int[] outputShape(List<int[]> inputs) {
      return Shapes.same(inputs);
    }
  }

  /** Softmax along {@code axis} (a Keras axis, counted with the batch). */
  record Softmax(int axis) implements ActivationLayers {
    public String kerasType() {
      return "Softmax";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.atLeastRank(inputs, 1);
      Shapes.axis(axis, in.length);
      return in.clone();
    }
  }
}
