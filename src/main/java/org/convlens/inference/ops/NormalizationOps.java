package org.convlens.inference.ops;

import org.convlens.model.Normalizations;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link Normalizations} family. */
public final class NormalizationOps {
  private NormalizationOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, Normalizations config) {
    if (config instanceof Normalizations.BatchNormalization c) {
      return batchNorm(in, c);
    } else if (config instanceof Normalizations.LayerNormalization c) {
      return layerNorm(in, c);
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  private static Operand<TFloat32> batchNorm(LayerInputs in, Normalizations.BatchNormalization c) {
    Ops s = in.scope();
    int i = 0;
    int channels = in.shape()[in.axis(c.axis()) - 1];
    long[] shape = in.broadcastShape(new int[] {c.axis()});
    boolean fused = in.rank() == 4 && in.axis(c.axis()) == 3;
    Operand<TFloat32> gamma = c.scale() ? param(in, i++, "gamma", fused, shape) : ones(s, channels, fused, shape, 1f);
    Operand<TFloat32> beta = c.center() ? param(in, i++, "beta", fused, shape) : ones(s, channels, fused, shape, 0f);
    Operand<TFloat32> mean = param(in, i++, "moving_mean", fused, shape);
    Operand<TFloat32> variance = param(in, i, "moving_variance", fused, shape);
    if (fused) {
      return s.nn.fusedBatchNorm(in.x(), gamma, beta, mean, variance,
          FusedBatchNorm.epsilon(c.epsilon()), FusedBatchNorm.isTraining(false)).y();
    }
    Operand<TFloat32> factor = s.math.mul(gamma, s.math.rsqrt(s.math.add(variance, in.scalar(c.epsilon()))));
    return s.math.add(s.math.mul(s.math.sub(in.x(), mean), factor), beta);
  }

  private static Operand<TFloat32> param(LayerInputs in, int index, String name, boolean fused, long[] shape) {
    return fused ? in.weight(index, name) : in.weight(index, name, shape);
  }

  private static Operand<TFloat32> ones(Ops s, int channels, boolean fused, long[] shape, float value) {
    float[] v = new float[channels];
    java.util.Arrays.fill(v, value);
    return s.constant(org.tensorflow.ndarray.Shape.of(fused ? new long[] {channels} : shape),
        org.tensorflow.ndarray.buffer.DataBuffers.of(v, true, false));
  }

  private static Operand<TFloat32> layerNorm(LayerInputs in, Normalizations.LayerNormalization c) {
    Ops s = in.scope();
    int[] axes = new int[c.axes().length];
    for (int a = 0; a < axes.length; a++) {
      axes[a] = in.axis(c.axes()[a]);
    }
    Operand<TFloat32> mean = s.math.mean(in.x(), in.ints(axes), Mean.keepDims(true));
    Operand<TFloat32> variance = s.math.mean(s.math.squaredDifference(in.x(), mean), in.ints(axes), Mean.keepDims(true));
    Operand<TFloat32> y = s.math.mul(s.math.sub(in.x(), mean), s.math.rsqrt(s.math.add(variance, in.scalar(c.epsilon()))));
    long[] shape = in.broadcastShape(c.axes());
    int i = 0;
    if (c.scale()) {
      y = s.math.mul(y, in.weight(i++, "gamma", shape));
    }
    if (c.center()) {
      y = s.math.add(y, in.weight(i, "beta", shape));
    }
    return y;
  }
}
