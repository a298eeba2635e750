package org.convlens.inference.ops;

import org.convlens.model.CoreLayers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link CoreLayers} family. */
public final class CoreOps {
  private CoreOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, CoreLayers config) {
    Ops s = in.scope();
    if (config instanceof CoreLayers.Dense c) {
      Operand<TFloat32> y = dense(in, c);
      if (c.useBias()) {
        y = s.nn.biasAdd(y, in.weight(1, "bias"));
      }
      return ActivationOps.apply(s, c.activation(), y);
    } else if (config instanceof CoreLayers.TrainingOnly) {
      return s.identity(in.x());
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  /** A matrix product over the last axis; higher ranks are folded into rows and unfolded after. */
  private static Operand<TFloat32> dense(LayerInputs in, CoreLayers.Dense c) {
    Ops s = in.scope();
    Operand<TFloat32> kernel = in.weight(0, "kernel");
    int[] shape = in.shape();
    if (shape.length == 1) {
      return s.linalg.matMul(in.x(), kernel);
    }
    Operand<TFloat32> rows = s.reshape(in.x(), in.ints(-1, shape[shape.length - 1]));
    int[] out = new int[shape.length + 1];
    out[0] = -1;
    System.arraycopy(shape, 0, out, 1, shape.length);
    out[out.length - 1] = c.units();
    return s.reshape(s.linalg.matMul(rows, kernel), in.ints(out));
  }
}
