package org.convlens.inference;

import java.util.List;
import org.tensorflow.internal.c_api.TF_Operation;

/**
 * Replaces the costly ops among TensorFlow's symbolic gradient ops with cheaper ones that compute the same values
 * (up to float rounding), before any session runs them. An inference-mode batch norm is affine per channel, so its
 * input gradient is one multiplication, while TensorFlow's FusedBatchNormGradV3 kernel also computes the scale's and
 * offset's gradients, which nothing reads, over the whole batch: in a profile of MobileNet's SmoothGrad
 * (SmoothGradProfile, 16 copies a run) it was the costliest backward op, and the multiplication cut the run by about
 * a fifth. A batch norm in another layout, or whose other gradients are wanted, is left as TensorFlow built it.
 *
 * <p>Also tried and left out, as no faster in alternating runs: a stride-1 depthwise convolution's input gradient
 * as a depthwise convolution with the flipped kernel (within the noise), and a strided one's on the upstream gradient
 * spread out by the stride (slower).
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
      GraphOps.Port cheaper = GraphOps.opType(op).startsWith("FusedBatchNormGrad") ? batchNorm(op) : null;
      if (cheaper != null) {
        GraphOps.Port out = new GraphOps.Port(op, 0);
        ops.redirect(out, cheaper);
        if (out.equals(result)) {
          result = cheaper;
        }
      }
    }
    return result;
  }

  /** {@code dy * scale / sqrt(variance + epsilon)}: the input gradient of an inference-mode batch norm. */
  private GraphOps.Port batchNorm(TF_Operation op) {
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
    return ops.mul(dy, ops.mul(scale, ops.rsqrt(ops.add(variance, epsilon))));
  }

  private static GraphOps.Port input(TF_Operation op, int i) {
    return GraphOps.input(new GraphOps.Port(op, 0), i);
  }
}
