package org.convlens.inference;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.internal.c_api.TF_Operation;

/**
 * Replaces costly ops among TensorFlow's symbolic gradient ops with cheaper ones that compute the same values (up to
 * float rounding; bit for bit on MobileNet), before any session runs them. Chosen from a profile of MobileNet's
 * SmoothGrad (SmoothGradProfile) and kept as each won in alternating runs:
 * <ul>
 *   <li>an inference-mode batch norm is affine per channel, so its input gradient is one multiplication, while
 *       TensorFlow's FusedBatchNormGradV3 kernel also computes the scale's and offset's gradients, which nothing
 *       reads, over the whole batch: it was the costliest backward op; the run took about a fifth less;
 *   <li>a zero padding followed by a depthwise convolution that SAME padding would pad alike is one SAME input
 *       gradient, without the crop of the padded gradient (about 5-20% less again);
 *   <li>a 3x3 stride-2 SAME convolution's input gradient on an even size is one stride-1 convolution with a 2x2
 *       kernel per 2x2 block and a DepthToSpace (12-20% less again, from MobileNet's first layer to the image).
 * </ul>
 * Ops outside these patterns are left as TensorFlow built them. Also tried and left out: a stride-1 depthwise
 * convolution's input gradient as a depthwise convolution with the flipped kernel (within the noise), and a strided
 * one's on the upstream gradient spread out by the stride (slower).
 */
final class CheaperGradients {
  private final GraphOps ops;

  CheaperGradients(GraphOps ops) {
    this.ops = ops;
  }

  /**
   * Rewrites the gradient ops {@code gradientOps} (all their consumers read the replacement instead).
   *
   * @param dx the gradient they compute
   * @return {@code dx}, or its replacement
   */
  GraphOps.Port rewrite(List<TF_Operation> gradientOps, GraphOps.Port dx) {
    GraphOps.Port result = dx;
    for (TF_Operation op : gradientOps) {
      String type = GraphOps.opType(op);
      Replacement r = type.startsWith("FusedBatchNormGrad") ? batchNorm(op)
          : type.equals("DepthwiseConv2dNativeBackpropInput") ? paddedDepthwise(op)
          : type.equals("Conv2DBackpropInput") ? stridedConv(op) : null;
      if (r != null) {
        ops.redirect(r.from(), r.to());
        if (r.from().equals(result)) {
          result = r.to();
        }
      }
    }
    return result;
  }

  /** What is computed by {@code from} is computed by {@code to} instead. */
  private record Replacement(GraphOps.Port from, GraphOps.Port to) {}

  /** {@code dy * scale / sqrt(variance + epsilon)}: the input gradient of an inference-mode batch norm. */
  private Replacement batchNorm(TF_Operation op) {
    if (GraphOps.attr(op, "is_training").getB()
        || !GraphOps.attr(op, "data_format").getS().toStringUtf8().equals("NHWC")) {
      return null;
    }
    for (int i = 1; i < GraphOps.outputCount(op); i++) {
      if (GraphOps.consumerCount(new GraphOps.Port(op, i)) > 0) {
        return null; // the scale's or offset's gradient is wanted too
      }
    }
    GraphOps.Port dy = input(op, 0);
    GraphOps.Port scale = input(op, 2);
    GraphOps.Port variance = input(op, 4); // in inference mode the population variance, as the kernel uses it
    GraphOps.Port epsilon = ops.floats(GraphOps.attr(op, "epsilon").getF());
    return new Replacement(new GraphOps.Port(op, 0),
        ops.mul(dy, ops.mul(scale, ops.rsqrt(ops.add(variance, epsilon)))));
  }

  /**
   * A zero padding followed by a depthwise convolution without padding is that convolution with SAME padding when
   * SAME pads the same way (MobileNet's stride-2 layers: one row and column after, then 3x3 with stride 2). Their
   * input gradient is then one SAME input gradient on the unpadded input, without TensorFlow's crop (Slice) of the
   * padded input's gradient: a copy of the largest tensors of the backward pass.
   *
   * @param op the convolution's input gradient, w.r.t. the padded input
   */
  private Replacement paddedDepthwise(TF_Operation op) {
    List<Long> strides = GraphOps.attr(op, "strides").getList().getIList();
    if (!GraphOps.attr(op, "padding").getS().toStringUtf8().equals("VALID")
        || !GraphOps.attr(op, "data_format").getS().toStringUtf8().equals("NHWC")
        || GraphOps.attr(op, "dilations").getList().getIList().stream().anyMatch(d -> d != 1)) {
      return null;
    }
    GraphOps.Port size = input(op, 0);
    GraphOps.Reader crop = GraphOps.onlyReader(new GraphOps.Port(op, 0));
    if (!GraphOps.opType(size).equals("Shape") || crop == null || crop.input() != 0
        || !GraphOps.opType(crop.op()).equals("Slice")) {
      return null;
    }
    GraphOps.Port padded = GraphOps.input(size, 0);
    String padType = GraphOps.opType(padded);
    if (!padType.equals("Pad") && !padType.equals("PadV2")) {
      return null;
    }
    GraphOps.Port x = GraphOps.input(padded, 0);
    GraphOps.Port cropSize = input(crop.op(), 2);
    if (!GraphOps.opType(cropSize).equals("Shape") || !GraphOps.input(cropSize, 0).equals(x)) {
      return null; // not the padding's own gradient
    }
    double[] pads = GraphOps.constant(GraphOps.input(padded, 1), 8);
    double[] fill = padType.equals("PadV2") ? GraphOps.constant(GraphOps.input(padded, 2), 1) : new double[1];
    GraphOps.Port filter = input(op, 1);
    long[] in = ops.shape(x);
    long[] k = ops.shape(filter);
    if (pads == null || fill == null || fill[0] != 0 || in == null || in.length != 4 || k == null || k.length != 4
        || in[1] < 0 || in[2] < 0 || pads[0] != 0 || pads[1] != 0 || pads[6] != 0 || pads[7] != 0
        || !Arrays.equals(samePadding(in[1], k[0], strides.get(1)), new double[] {pads[2], pads[3]})
        || !Arrays.equals(samePadding(in[2], k[1], strides.get(2)), new double[] {pads[4], pads[5]})) {
      return null;
    }
    long[] s = strides.stream().mapToLong(Long::longValue).toArray();
    return new Replacement(new GraphOps.Port(crop.op(), 0),
        ops.depthwiseInputGradient(ops.shapeOf(x), filter, input(op, 2), s, "SAME"));
  }

  /**
   * Which kernel row (or column) each tap of {@link #stridedConv}'s 2x2 kernel takes, per output phase: {@code
   * TAPS[phase][tap]}, 3 for none (a zero row).
   */
  private static final int[][] TAPS = {{2, 0}, {3, 1}};

  /**
   * The input gradient of a 3x3 convolution with stride 2 and SAME padding on an even size (one row and column of
   * zeros after; MobileNet's first layer, down to the image) as one stride-1 convolution: each 2x2 block of the input
   * gets its gradient from a 2x2 window of the upstream gradient, one kernel of 4 x channels outputs (one set per
   * position in the block), spread back into blocks (DepthToSpace). TensorFlow's Conv2DBackpropInput kernel for so
   * few input channels was the costliest op left in the profile.
   */
  private Replacement stridedConv(TF_Operation op) {
    if (!GraphOps.attr(op, "padding").getS().toStringUtf8().equals("SAME")
        || !GraphOps.attr(op, "data_format").getS().toStringUtf8().equals("NHWC")
        || !GraphOps.attr(op, "strides").getList().getIList().equals(List.of(1L, 2L, 2L, 1L))
        || GraphOps.attr(op, "dilations").getList().getIList().stream().anyMatch(d -> d != 1)) {
      return null;
    }
    GraphOps.Port filter = input(op, 1);
    long[] k = ops.shape(filter);
    long[] in = ops.shape(new GraphOps.Port(op, 0));
    if (k == null || k.length != 4 || k[0] != 3 || k[1] != 3 || in == null || in.length != 4 || in[1] < 2
        || in[2] < 2 || in[1] % 2 != 0 || in[2] % 2 != 0 || k[2] < 1 || k[3] < 1) {
      return null;
    }
    int channels = (int) k[2];
    int filters = (int) k[3];
    // kernel[u][v][f][(dh * 2 + dw) * channels + c] = weights[TAPS[dh][u]][TAPS[dw][v]][c][f], zero for tap 3
    int[] taps = new int[2 * 2 * 2 * 2 * 2];
    int i = 0;
    for (int u = 0; u < 2; u++) {
      for (int v = 0; v < 2; v++) {
        for (int dh = 0; dh < 2; dh++) {
          for (int dw = 0; dw < 2; dw++) {
            taps[i++] = TAPS[dh][u];
            taps[i++] = TAPS[dw][v];
          }
        }
      }
    }
    GraphOps.Port padded = ops.pad(filter, new int[][] {{0, 1}, {0, 1}, {0, 0}, {0, 0}});
    GraphOps.Port gathered = ops.gatherNd(padded, taps, new long[] {2, 2, 2, 2, 2}); // [u, v, dh, dw, c, f]
    GraphOps.Port kernel = ops.reshape(ops.transpose(gathered, 0, 1, 5, 2, 3, 4), 2, 2, filters, 4 * channels);
    GraphOps.Port dy = ops.pad(input(op, 2), new int[][] {{0, 0}, {1, 0}, {1, 0}, {0, 0}});
    return new Replacement(new GraphOps.Port(op, 0), ops.depthToSpace(ops.conv(dy, kernel), 2));
  }

  /** TensorFlow's SAME padding before and after {@code size} positions. */
  static double[] samePadding(long size, long kernel, long stride) {
    long out = (size + stride - 1) / stride;
    long total = Math.max((out - 1) * stride + kernel - size, 0);
    return new double[] {total / 2, total - total / 2};
  }

  private static GraphOps.Port input(TF_Operation op, int i) {
    return GraphOps.input(new GraphOps.Port(op, 0), i);
  }
}
