package org.convlens.inference.ops;

import java.util.List;
import org.convlens.model.Convolutions;
import org.convlens.model.Normalizations;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * A convolution computed together with its neighbours, for the fast path: the BatchNormalization after it folded
 * into its kernel and bias, and the ZeroPadding2D before it as the convolution's own explicit padding (no padded
 * copy of the input). The plain translation ({@link ConvolutionOps}) stays the reference.
 */
public final class FusedConvolutionOps {
  private FusedConvolutionOps() {}

  /** A kernel and bias that compute {@code bn(conv(x))} as {@code conv'(x)}. */
  public record Folded(Tensor kernel, Tensor bias) {}

  /**
   * The conv's weights (kernel, then bias if it has one) with the BN's (gamma, beta as configured, then mean and
   * variance) folded in: {@code k' = k * s}, {@code b' = (b - mean) * s + beta} with {@code s = gamma /
   * sqrt(variance + epsilon)} per output channel. The output channel is the kernel's last index for a
   * convolution ({@code [kh, kw, in, out]}) and its last two for a depthwise one ({@code [kh, kw, c, m]}, output
   * channel {@code c * m + j}), so in both it is the row-major index modulo the channel count.
   */
  public static Folded foldBatchNorm(List<Tensor> conv, Normalizations.BatchNormalization bn, List<Tensor> norm) {
    Tensor kernel = conv.get(0);
    int channels = norm.get(norm.size() - 1).size();
    int i = 0;
    float[] gamma = bn.scale() ? norm.get(i++).data() : null;
    float[] beta = bn.center() ? norm.get(i++).data() : null;
    float[] mean = norm.get(i++).data();
    float[] variance = norm.get(i).data();
    // In double, so the folded weights round once, as close to the unfolded arithmetic as float allows.
    double[] scale = new double[channels];
    float[] bias = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt((double) variance[c] + bn.epsilon());
      double b = conv.size() > 1 ? conv.get(1).data()[c] : 0.0;
      bias[c] = (float) ((b - mean[c]) * scale[c] + (beta == null ? 0.0 : beta[c]));
    }
    float[] k = kernel.data();
    float[] folded = new float[k.length];
    for (int j = 0; j < k.length; j++) {
      folded[j] = (float) (k[j] * scale[j % channels]);
    }
    return new Folded(Tensor.of(folded, kernel.shape()), Tensor.of(bias, channels));
  }

  /**
   * {@code conv(pad(x))} as one op, with {@code kernel} and, if not null, {@code bias}; {@code pad} may be null
   * (the conv's own padding then).
   */
  public static Operand<TFloat32> conv(LayerInputs in, Convolutions config, Reshaping.ZeroPadding2D pad,
      Tensor kernel, Tensor bias) {
    Ops s = in.scope();
    Window w = config instanceof Convolutions.Conv2D c ? c.window() : ((Convolutions.DepthwiseConv2D) config).window();
    List<Long> strides = List.of(1L, (long) w.strideHeight(), (long) w.strideWidth(), 1L);
    String padding = pad == null ? w.padding().name() : "EXPLICIT";
    List<Long> explicit = pad == null ? List.of()
        : List.of(0L, 0L, (long) pad.top(), (long) pad.bottom(), (long) pad.left(), (long) pad.right(), 0L, 0L);
    Operand<TFloat32> y;
    if (config instanceof Convolutions.Conv2D) {
      List<Long> dilations = List.of(1L, (long) w.dilationHeight(), (long) w.dilationWidth(), 1L);
      y = s.nn.conv2d(in.x(), in.weight("kernel", kernel), strides, padding, Conv2d.dilations(dilations),
          Conv2d.explicitPaddings(explicit));
    } else {
      y = s.nn.depthwiseConv2dNative(in.x(), in.weight("depthwise_kernel", kernel), strides, padding,
          DepthwiseConv2dNative.explicitPaddings(explicit));
    }
    return bias == null ? y : s.nn.biasAdd(y, in.weight("bias", bias));
  }
}
