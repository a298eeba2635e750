package org.convlens.model;

import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * What a layer computes, in Keras's terms: one record per supported Keras layer class. Each knows its output
 * shape and the weights it expects, both from its input shapes (channels-last, batch dimension dropped), so a
 * graph can be checked against a weights file before anything runs.
 */
public sealed interface LayerConfig {

  /** The Keras class name, as {@code model.summary()} prints it. */
  String kerasType();

  /** Output shape for the given input shapes. */
  int[] outputShape(List<int[]> inputs);

  /** Weights in Keras's order within the layer; empty for weightless layers. */
  default List<WeightSpec> weightSpecs(List<int[]> inputs) {
    return List.of();
  }

  /** The graph's input: an image of {@code height x width x channels}. */
  record Input(int height, int width, int channels) implements LayerConfig {
    public String kerasType() {
      return "InputLayer";
    }

    public int[] outputShape(List<int[]> inputs) {
      return new int[] {height, width, channels};
    }
  }

  /** Zero padding of the two spatial dimensions. */
  record ZeroPadding2D(int top, int bottom, int left, int right) implements LayerConfig {
    public static ZeroPadding2D symmetric(int pad) {
      return new ZeroPadding2D(pad, pad, pad, pad);
    }

    public String kerasType() {
      return "ZeroPadding2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = single(inputs, 3);
      return new int[] {in[0] + top + bottom, in[1] + left + right, in[2]};
    }
  }

  /** Keras's two padding modes for convolutions and pooling. */
  enum Padding {
    VALID,
    SAME;

    int outputSize(int in, int kernel, int stride) {
      return this == VALID ? (in - kernel) / stride + 1 : (in + stride - 1) / stride;
    }
  }

  /**
   * 2-D convolution with a {@code [kh, kw, in, filters]} kernel, an optional bias and a fused activation
   * ({@code linear} for none, as in every ResNet50V2 convolution).
   */
  record Conv2D(int filters, int kernelHeight, int kernelWidth, int stride, Padding padding, boolean useBias,
      String activation) implements LayerConfig {
    public Conv2D {
      Activation.check(activation);
    }

    /** Without activation. */
    public Conv2D(int filters, int kernelHeight, int kernelWidth, int stride, Padding padding, boolean useBias) {
      this(filters, kernelHeight, kernelWidth, stride, padding, useBias, "linear");
    }

    public String kerasType() {
      return "Conv2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = single(inputs, 3);
      return new int[] {
        padding.outputSize(in[0], kernelHeight, stride), padding.outputSize(in[1], kernelWidth, stride), filters
      };
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = single(inputs, 3)[2];
      WeightSpec kernel = WeightSpec.trainable("kernel", kernelHeight, kernelWidth, channels, filters);
      return useBias ? List.of(kernel, WeightSpec.trainable("bias", filters)) : List.of(kernel);
    }
  }

  /** Batch normalisation in inference mode: {@code gamma (x - mean) / sqrt(var + epsilon) + beta}. */
  record BatchNormalization(float epsilon) implements LayerConfig {
    public String kerasType() {
      return "BatchNormalization";
    }

    public int[] outputShape(List<int[]> inputs) {
      return single(inputs, -1).clone();
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int[] in = single(inputs, -1);
      int c = in[in.length - 1];
      return List.of(
          WeightSpec.trainable("gamma", c),
          WeightSpec.trainable("beta", c),
          WeightSpec.nonTrainable("moving_mean", c),
          WeightSpec.nonTrainable("moving_variance", c));
    }
  }

  /** An element-wise activation: {@code relu}, {@code softmax} or {@code linear}. */
  record Activation(String function) implements LayerConfig {
    public Activation {
      check(function);
    }

    static void check(String function) {
      if (!function.equals("relu") && !function.equals("softmax") && !function.equals("linear")) {
        throw new IllegalArgumentException(
            "unsupported activation '" + function + "' (supported: relu, softmax, linear)");
      }
    }

    public String kerasType() {
      return "Activation";
    }

    public int[] outputShape(List<int[]> inputs) {
      return single(inputs, -1).clone();
    }
  }

  /** Keras's {@code ReLU} layer, optionally capped ({@code max_value} 6 is MobileNet's ReLU6). */
  record ReLU(float maxValue) implements LayerConfig {
    public static final float UNCAPPED = Float.POSITIVE_INFINITY;

    public String kerasType() {
      return "ReLU";
    }

    public int[] outputShape(List<int[]> inputs) {
      return single(inputs, -1).clone();
    }
  }

  /** Per-channel convolution with a {@code [kh, kw, in, multiplier]} kernel and an optional bias. */
  record DepthwiseConv2D(int kernelHeight, int kernelWidth, int stride, Padding padding, int depthMultiplier,
      boolean useBias) implements LayerConfig {
    public String kerasType() {
      return "DepthwiseConv2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = single(inputs, 3);
      return new int[] {
        padding.outputSize(in[0], kernelHeight, stride), padding.outputSize(in[1], kernelWidth, stride),
        in[2] * depthMultiplier
      };
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = single(inputs, 3)[2];
      WeightSpec kernel =
          WeightSpec.trainable("depthwise_kernel", kernelHeight, kernelWidth, channels, depthMultiplier);
      return useBias ? List.of(kernel, WeightSpec.trainable("bias", channels * depthMultiplier)) : List.of(kernel);
    }
  }

  /** Dropout: the identity at inference, kept so layer names and counts match Keras. */
  record Dropout(float rate) implements LayerConfig {
    public String kerasType() {
      return "Dropout";
    }

    public int[] outputShape(List<int[]> inputs) {
      return single(inputs, -1).clone();
    }
  }

  /** A new shape for the same values (batch dimension excluded, as in Keras's {@code target_shape}). */
  record Reshape(int[] targetShape) implements LayerConfig {
    public String kerasType() {
      return "Reshape";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = single(inputs, -1);
      if (Tensor.sizeOf(in) != Tensor.sizeOf(targetShape)) {
        throw new IllegalArgumentException(
            "cannot reshape " + Tensor.formatShape(in) + " to " + Tensor.formatShape(targetShape));
      }
      return targetShape.clone();
    }
  }

  /** Max pooling over square windows. */
  record MaxPooling2D(int poolSize, int stride, Padding padding) implements LayerConfig {
    public String kerasType() {
      return "MaxPooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = single(inputs, 3);
      return new int[] {
        padding.outputSize(in[0], poolSize, stride), padding.outputSize(in[1], poolSize, stride), in[2]
      };
    }
  }

  /** Element-wise sum of inputs of equal shape (the residual connection). */
  record Add() implements LayerConfig {
    public String kerasType() {
      return "Add";
    }

    public int[] outputShape(List<int[]> inputs) {
      if (inputs.size() < 2) {
        throw new IllegalArgumentException("Add needs at least two inputs, got " + inputs.size());
      }
      for (int[] in : inputs) {
        if (!java.util.Arrays.equals(in, inputs.get(0))) {
          throw new IllegalArgumentException(
              "Add inputs differ in shape: " + Tensor.formatShape(inputs.get(0)) + " and " + Tensor.formatShape(in));
        }
      }
      return inputs.get(0).clone();
    }
  }

  /** Mean over the spatial dimensions: {@code [h, w, c] -> [c]}, or {@code [1, 1, c]} with {@code keepDims}. */
  record GlobalAveragePooling2D(boolean keepDims) implements LayerConfig {
    public String kerasType() {
      return "GlobalAveragePooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int c = single(inputs, 3)[2];
      return keepDims ? new int[] {1, 1, c} : new int[] {c};
    }
  }

  /** Fully connected layer on a vector, with its activation ({@code softmax}, {@code relu} or {@code linear}). */
  record Dense(int units, String activation) implements LayerConfig {
    public Dense {
      Activation.check(activation);
    }

    public String kerasType() {
      return "Dense";
    }

    public int[] outputShape(List<int[]> inputs) {
      single(inputs, 1);
      return new int[] {units};
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int in = single(inputs, 1)[0];
      return List.of(WeightSpec.trainable("kernel", in, units), WeightSpec.trainable("bias", units));
    }
  }

  /** The only input shape of a single-input layer, checked for rank ({@code -1}: any rank). */
  private static int[] single(List<int[]> inputs, int rank) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("expected one input, got " + inputs.size());
    }
    int[] in = inputs.get(0);
    if (rank >= 0 && in.length != rank) {
      throw new IllegalArgumentException(
          "expected an input of rank " + rank + ", got " + Tensor.formatShape(in));
    }
    return in;
  }
}
