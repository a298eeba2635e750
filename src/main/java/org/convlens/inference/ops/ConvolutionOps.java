package org.convlens.inference.ops;

import java.util.ArrayList;
import java.util.List;
import org.convlens.model.Convolutions;
import org.convlens.model.Window;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** TensorFlow ops for the {@link Convolutions} family. */
public final class ConvolutionOps {
  private ConvolutionOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, Convolutions config) {
    Ops s = in.scope();
    if (config instanceof Convolutions.Conv2D c) {
      Operand<TFloat32> y;
      if (c.groups() > 1 && c.groups() == in.shape()[2]) {
        // One input channel per group (ConvNeXt's 7x7 convolutions) is a depthwise convolution: one op, not
        // hundreds of sliced ones. [kh, kw, 1, filters] is [kh, kw, channels, filters / channels] in the same order.
        Tensor k = in.weights().get(0);
        y = depthwise(in, k.reshape(k.dim(0), k.dim(1), c.groups(), c.filters() / c.groups()), c.window());
      } else {
        Operand<TFloat32> kernel = in.weight(0, "kernel");
        y = c.groups() == 1 ? conv(s, in.x(), kernel, c.window()) : grouped(in, kernel, c);
      }
      return finish(in, y, c.useBias() ? 1 : -1, c.activation());
    } else if (config instanceof Convolutions.DepthwiseConv2D c) {
      Operand<TFloat32> y = depthwise(in, in.weights().get(0), c.window());
      return finish(in, y, c.useBias() ? 1 : -1, c.activation());
    } else if (config instanceof Convolutions.SeparableConv2D c) {
      Operand<TFloat32> y = depthwise(in, in.weights().get(0), c.window());
      y = s.nn.conv2d(y, in.weight(1, "pointwise_kernel"), List.of(1L, 1L, 1L, 1L), "VALID");
      return finish(in, y, c.useBias() ? 2 : -1, c.activation());
    } else if (config instanceof Convolutions.Conv2DTranspose c) {
      int[] out = c.outputShape(in.shapes());
      Operand<TInt32> batch = s.slice(s.shape(in.x()), in.ints(0), in.ints(1));
      Operand<TInt32> size = s.concat(List.of(batch, in.ints(out[0], out[1], out[2])), s.constant(0));
      Operand<TFloat32> y = s.nn.conv2dBackpropInput(size, in.weight(0, "kernel"), in.x(), strides(c.window()),
          c.window().padding().name());
      return finish(in, y, c.useBias() ? 1 : -1, c.activation());
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  private static Operand<TFloat32> finish(LayerInputs in, Operand<TFloat32> y, int biasIndex,
      org.convlens.model.ActivationFunction activation) {
    Ops s = in.scope();
    Operand<TFloat32> biased = biasIndex < 0 ? y : s.nn.biasAdd(y, in.weight(biasIndex, "bias"));
    return ActivationOps.apply(s, activation, biased);
  }

  private static List<Long> strides(Window w) {
    return List.of(1L, (long) w.strideHeight(), (long) w.strideWidth(), 1L);
  }

  private static List<Long> dilations(Window w) {
    return List.of(1L, (long) w.dilationHeight(), (long) w.dilationWidth(), 1L);
  }

  private static Operand<TFloat32> conv(Ops s, Operand<TFloat32> x, Operand<TFloat32> kernel, Window w) {
    return s.nn.conv2d(x, kernel, strides(w), w.padding().name(), Conv2d.dilations(dilations(w)));
  }

  /**
   * TensorFlow's CPU depthwise kernel has no dilation, so a dilated kernel is spread out with zeros instead (Keras
   * forbids strides with dilation, so the window then moves by 1 and the result is the same).
   */
  private static Operand<TFloat32> depthwise(LayerInputs in, Tensor kernel, Window w) {
    Window window = w;
    if (w.dilated()) {
      kernel = dilate(kernel, w.dilationHeight(), w.dilationWidth());
      window = new Window(kernel.dim(0), kernel.dim(1), w.strideHeight(), w.strideWidth(), 1, 1, w.padding());
    }
    return in.scope().nn.depthwiseConv2dNative(in.x(), in.weight("depthwise_kernel", kernel), strides(window),
        window.padding().name());
  }

  /** {@code [kh, kw, c, m]} to {@code [(kh - 1) dh + 1, (kw - 1) dw + 1, c, m]}, zeros between the taps. */
  static Tensor dilate(Tensor kernel, int dh, int dw) {
    int kh = kernel.dim(0), kw = kernel.dim(1), c = kernel.dim(2), m = kernel.dim(3);
    Tensor out = Tensor.zeros((kh - 1) * dh + 1, (kw - 1) * dw + 1, c, m);
    for (int a = 0; a < kh; a++) {
      for (int b = 0; b < kw; b++) {
        System.arraycopy(kernel.data(), kernel.offset(a, b, 0, 0), out.data(), out.offset(a * dh, b * dw, 0, 0), c * m);
      }
    }
    return out;
  }

  /** Groups as Keras defines them: each slice of the channels convolved with its slice of the filters. */
  private static Operand<TFloat32> grouped(LayerInputs in, Operand<TFloat32> kernel, Convolutions.Conv2D c) {
    Ops s = in.scope();
    long g = c.groups();
    Split<TFloat32> xs = s.split(s.constant(3), in.x(), g);
    Split<TFloat32> ks = s.split(s.constant(3), kernel, g);
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      parts.add(conv(s, xs.output().get(i), ks.output().get(i), c.window()));
    }
    return s.concat(parts, s.constant(3));
  }
}
