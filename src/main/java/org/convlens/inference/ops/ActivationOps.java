package org.convlens.inference.ops;

import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link ActivationLayers} family and for every {@link ActivationFunction}. */
public final class ActivationOps {
  private ActivationOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, ActivationLayers config) {
    Ops s = in.scope();
    Operand<TFloat32> x = in.x();
    if (config instanceof ActivationLayers.Activation c) {
      return apply(s, c.function(), x);
    } else if (config instanceof ActivationLayers.ReLU c) {
      return relu(in, c);
    } else if (config instanceof ActivationLayers.LeakyReLU c) {
      return s.nn.leakyRelu(x, LeakyRelu.alpha(c.alpha()));
    } else if (config instanceof ActivationLayers.PReLU) {
      // Keras: relu(x) - alpha * relu(-x), alpha broadcast over the shared axes.
      long[] shape = new long[in.rank()];
      int[] alpha = in.weights().get(0).shape();
      shape[0] = 1;
      for (int i = 0; i < alpha.length; i++) {
        shape[i + 1] = alpha[i];
      }
      return s.math.sub(s.nn.relu(x), s.math.mul(in.weight(0, "alpha", shape), s.nn.relu(s.math.neg(x))));
    } else if (config instanceof ActivationLayers.ELU c) {
      if (c.alpha() == 1f) {
        return s.nn.elu(x);
      }
      Operand<TFloat32> negative = s.math.sub(s.math.exp(s.math.minimum(x, in.scalar(0f))), in.scalar(1f));
      return s.math.add(s.nn.relu(x), s.math.mul(in.scalar(c.alpha()), negative));
    } else if (config instanceof ActivationLayers.Softmax c) {
      return softmax(s, x, in.axis(c.axis()), in.rank());
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  /** As Keras 2's backend.relu: keep x above the threshold, cap at max_value, slope below. */
  private static Operand<TFloat32> relu(LayerInputs in, ActivationLayers.ReLU c) {
    Ops s = in.scope();
    Operand<TFloat32> x = in.x();
    boolean plain = c.negativeSlope() == 0f && c.threshold() == 0f;
    if (plain && c.maxValue() == 6f) {
      return s.nn.relu6(x);
    }
    Operand<TFloat32> positive = c.threshold() == 0f ? s.nn.relu(x)
        : s.math.mul(x, s.dtypes.cast(s.math.greater(x, in.scalar(c.threshold())), TFloat32.class));
    if (!Float.isInfinite(c.maxValue())) {
      positive = s.clipByValue(positive, in.scalar(0f), in.scalar(c.maxValue()));
    }
    if (c.negativeSlope() == 0f) {
      return positive;
    }
    Operand<TFloat32> below = s.nn.relu(s.math.sub(in.scalar(c.threshold()), x));
    return s.math.sub(positive, s.math.mul(in.scalar(c.negativeSlope()), below));
  }

  /** Softmax along a TensorFlow axis: TensorFlow's op works on the last one, so others are moved there and back. */
  static Operand<TFloat32> softmax(Ops s, Operand<TFloat32> x, int axis, int rank) {
    if (axis == rank - 1) {
      return s.nn.softmax(x);
    }
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[axis] = rank - 1;
    perm[rank - 1] = axis;
    Operand<TFloat32> moved = s.linalg.transpose(x, s.constant(perm));
    return s.linalg.transpose(s.nn.softmax(moved), s.constant(perm));
  }

  /** {@code function(x)}, with Keras's definitions. */
  public static Operand<TFloat32> apply(Ops s, ActivationFunction function, Operand<TFloat32> x) {
    return switch (function) {
      case LINEAR -> x;
      case RELU -> s.nn.relu(x);
      case RELU6 -> s.nn.relu6(x);
      case SIGMOID -> s.math.sigmoid(x);
      case HARD_SIGMOID -> s.math.div(s.nn.relu6(s.math.add(x, s.constant(3f))), s.constant(6f));
      case HARD_SIGMOID_KERAS2 ->
          s.clipByValue(s.math.add(s.math.mul(x, s.constant(0.2f)), s.constant(0.5f)), s.constant(0f), s.constant(1f));
      case TANH -> s.math.tanh(x);
      case SOFTMAX -> s.nn.softmax(x);
      case SWISH -> s.math.mul(x, s.math.sigmoid(x));
      case HARD_SWISH -> s.math.mul(x, s.math.div(s.nn.relu6(s.math.add(x, s.constant(3f))), s.constant(6f)));
      case GELU -> s.math.mul(s.math.mul(s.constant(0.5f), x),
          s.math.add(s.constant(1f), s.math.erf(s.math.mul(x, s.constant((float) (1 / Math.sqrt(2)))))));
      case GELU_APPROXIMATE -> {
        Operand<TFloat32> cube = s.math.mul(s.math.mul(x, x), x);
        Operand<TFloat32> inner = s.math.mul(s.constant((float) Math.sqrt(2 / Math.PI)),
            s.math.add(x, s.math.mul(s.constant(0.044715f), cube)));
        yield s.math.mul(s.math.mul(s.constant(0.5f), x), s.math.add(s.constant(1f), s.math.tanh(inner)));
      }
      case ELU -> s.nn.elu(x);
      case SELU -> s.nn.selu(x);
      case SOFTPLUS -> s.math.softplus(x);
      case SOFTSIGN -> s.nn.softsign(x);
      case EXPONENTIAL -> s.math.exp(x);
    };
  }
}
