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

  /** 2-D convolution with a {@code [kh, kw, in, filters]} kernel and an optional bias. */
  record Conv2D(int filters, int kernelHeight, int kernelWidth, int stride, Padding padding, boolean useBias)
      implements LayerConfig {
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

  /** An element-wise activation: {@code relu} or {@code softmax}. */
  record Activation(String function) implements LayerConfig {
    public Activation {
      if (!function.equals("relu") && !function.equals("softmax") && !function.equals("linear")) {
        throw new IllegalArgumentException("unsupported activation '" + function + "'");
      }
    }

    public String kerasType() {
      return "Activation";
    }

    public int[] outputShape(List<int[]> inputs) {
      return single(inputs, -1).clone();
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

  /** Mean over the spatial dimensions: {@code [h, w, c] -> [c]}. */
  record GlobalAveragePooling2D() implements LayerConfig {
    public String kerasType() {
      return "GlobalAveragePooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      return new int[] {single(inputs, 3)[2]};
    }
  }

  /** Fully connected layer on a vector, with its activation ({@code softmax} or {@code linear}). */
  record Dense(int units, String activation) implements LayerConfig {
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
