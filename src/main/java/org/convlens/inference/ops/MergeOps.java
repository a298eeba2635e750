package org.convlens.inference.ops;

import java.util.List;
import org.convlens.model.Merges;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link Merges} family; TensorFlow broadcasts sizes of 1 as Keras does. */
public final class MergeOps {
  private MergeOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, Merges config) {
    Ops s = in.scope();
    List<Operand<TFloat32>> xs = in.operands();
    if (config instanceof Merges.Concatenate c) {
      return s.concat(xs, s.constant(in.axis(c.axis())));
    }
    Merges.Operation op = ((Merges.ElementWise) config).operation();
    Operand<TFloat32> y = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      Operand<TFloat32> x = xs.get(i);
      y = switch (op) {
        case ADD, AVERAGE -> s.math.add(y, x);
        case SUBTRACT -> s.math.sub(y, x);
        case MULTIPLY -> s.math.mul(y, x);
        case MAXIMUM -> s.math.maximum(y, x);
        case MINIMUM -> s.math.minimum(y, x);
      };
    }
    return op == Merges.Operation.AVERAGE ? s.math.div(y, in.scalar(xs.size())) : y;
  }
}
