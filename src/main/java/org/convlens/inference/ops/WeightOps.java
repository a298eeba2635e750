package org.convlens.inference.ops;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** How a layer's weights enter the graph: baked in as constants, or as variables given their values later. */
@FunctionalInterface
public interface WeightOps {
  /** Constants: the graph alone computes the layer (what a throwaway graph, e.g. for gradients, wants). */
  WeightOps CONSTANTS = (scope, shape, values) -> scope.constant(shape, DataBuffers.of(values, true, false));

  /** An operand holding {@code values} (row-major, {@code shape}), created in {@code scope} under its name. */
  Operand<TFloat32> create(Ops scope, Shape shape, float[] values);
}
