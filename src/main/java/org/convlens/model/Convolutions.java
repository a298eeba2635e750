package org.convlens.model;

import java.util.ArrayList;
import java.util.List;
import org.convlens.model.LayerConfig.Padding;

/** 2-D convolutions: plain (with groups), depthwise, separable and transposed. Inputs are {@code [h, w, c]}. */
public sealed interface Convolutions extends LayerConfig {

  /**
   * 2-D convolution with a {@code [kh, kw, in / groups, filters]} kernel, an optional bias and a fused activation
   * ({@link ActivationFunction#LINEAR} for none, as in every ResNet50V2 convolution).
   */
  record Conv2D(int filters, Window window, int groups, boolean useBias, ActivationFunction activation)
      implements Convolutions {
    public Conv2D {
      if (filters < 1 || groups < 1 || filters % groups != 0) {
        throw new IllegalArgumentException("filters (" + filters + ") must be a positive multiple of groups (" + groups + ")");
      }
    }

    /** Square strides, no dilation, no groups, no activation. */
    public Conv2D(int filters, int kernelHeight, int kernelWidth, int stride, Padding padding, boolean useBias) {
      this(filters, new Window(kernelHeight, kernelWidth, stride, stride, 1, 1, padding), 1, useBias,
          ActivationFunction.LINEAR);
    }

    public String kerasType() {
      return "Conv2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      if (in[2] % groups != 0) {
        throw new IllegalArgumentException(in[2] + " input channels do not split into " + groups + " groups");
      }
      int[] hw = window.outputSize(in[0], in[1]);
      return new int[] {hw[0], hw[1], filters};
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = Shapes.single(inputs, 3)[2];
      return withBias(WeightSpec.trainable("kernel", window.height(), window.width(), channels / groups, filters),
          useBias, filters);
    }
  }

  /** Per-channel convolution with a {@code [kh, kw, in, multiplier]} kernel, an optional bias and activation. */
  record DepthwiseConv2D(Window window, int depthMultiplier, boolean useBias, ActivationFunction activation)
      implements Convolutions {
    public String kerasType() {
      return "DepthwiseConv2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      int[] hw = window.outputSize(in[0], in[1]);
      return new int[] {hw[0], hw[1], in[2] * depthMultiplier};
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = Shapes.single(inputs, 3)[2];
      return withBias(
          WeightSpec.trainable("depthwise_kernel", window.height(), window.width(), channels, depthMultiplier),
          useBias, channels * depthMultiplier);
    }
  }

  /**
   * A depthwise convolution ({@code [kh, kw, in, multiplier]}, carrying the strides, padding and dilation) followed
   * by a 1x1 pointwise one ({@code [1, 1, in * multiplier, filters]}), then bias and activation.
   */
  record SeparableConv2D(int filters, Window window, int depthMultiplier, boolean useBias,
      ActivationFunction activation) implements Convolutions {
    public String kerasType() {
      return "SeparableConv2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      int[] hw = window.outputSize(in[0], in[1]);
      return new int[] {hw[0], hw[1], filters};
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = Shapes.single(inputs, 3)[2];
      List<WeightSpec> specs = new ArrayList<>();
      specs.add(WeightSpec.trainable("depthwise_kernel", window.height(), window.width(), channels, depthMultiplier));
      specs.add(WeightSpec.trainable("pointwise_kernel", 1, 1, channels * depthMultiplier, filters));
      if (useBias) {
        specs.add(WeightSpec.trainable("bias", filters));
      }
      return specs;
    }
  }

  /**
   * The transpose (gradient) of a convolution, with a {@code [kh, kw, filters, in]} kernel; Keras's output size
   * without {@code output_padding}: {@code in * stride + max(kernel - stride, 0)} (valid) or {@code in * stride}
   * (same). No dilation.
   */
  record Conv2DTranspose(int filters, Window window, boolean useBias, ActivationFunction activation)
      implements Convolutions {
    public Conv2DTranspose {
      if (window.dilated()) {
        throw new IllegalArgumentException("a dilated Conv2DTranspose is not supported");
      }
    }

    public String kerasType() {
      return "Conv2DTranspose";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      return new int[] {
        length(in[0], window.height(), window.strideHeight()), length(in[1], window.width(), window.strideWidth()),
        filters
      };
    }

    private int length(int in, int kernel, int stride) {
      return window.padding() == Padding.SAME ? in * stride : in * stride + Math.max(kernel - stride, 0);
    }

    public List<WeightSpec> weightSpecs(List<int[]> inputs) {
      int channels = Shapes.single(inputs, 3)[2];
      return withBias(WeightSpec.trainable("kernel", window.height(), window.width(), filters, channels),
          useBias, filters);
    }
  }

  private static List<WeightSpec> withBias(WeightSpec kernel, boolean useBias, int units) {
    return useBias ? List.of(kernel, WeightSpec.trainable("bias", units)) : List.of(kernel);
  }
}
