package org.convlens.inference;

import java.util.ArrayList;
import java.util.List;
import org.convlens.inference.ops.WeightOps;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Weights as graph variables, for a SavedModel: their values go into its checkpoint ({@code variables/}), from
 * which TensorFlow restores them once on load, instead of into the GraphDef as constants. A graph of constants
 * was 102 MB for ResNet50V2 and kept several copies of the weights alive (the parsed MetaGraphDef in Java, the
 * session's GraphDef, each executor's constant kernels); variables keep one, shared by every executor.
 */
final class VariableWeights implements WeightOps {
  private record Pending(Variable<TFloat32> variable, Shape shape, float[] values) {}

  private final List<Pending> pending = new ArrayList<>();

  @Override
  public Operand<TFloat32> create(Ops scope, Shape shape, float[] values) {
    Variable<TFloat32> variable = scope.variable(shape, TFloat32.class);
    pending.add(new Pending(variable, shape, values));
    return variable;
  }

  /**
   * Gives every variable created so far its value in {@code session}, in one run: each run that changes the graph
   * or the targets makes TensorFlow prepare a new executor, so one run per variable cost seconds.
   */
  void assign(Ops tf, Session session) {
    if (pending.isEmpty()) {
      return; // a network without weights (TensorFlow refuses a run with nothing to do)
    }
    Ops init = tf.withSubScope("assign_weights");
    Session.Runner runner = session.runner();
    List<TFloat32> values = new ArrayList<>();
    try {
      for (Pending p : pending) {
        Placeholder<TFloat32> value = init.placeholder(TFloat32.class, Placeholder.shape(p.shape()));
        TFloat32 tensor = TFloat32.tensorOf(p.shape(), DataBuffers.of(p.values(), true, false));
        values.add(tensor);
        runner.feed(value, tensor).addTarget(init.assign(p.variable(), value));
      }
      try (Result ignored = runner.run()) {
        // The assignments are the effect; nothing is fetched.
      }
    } finally {
      values.forEach(TFloat32::close);
    }
    pending.clear();
  }
}
