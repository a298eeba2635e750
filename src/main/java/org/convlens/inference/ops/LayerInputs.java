package org.convlens.inference.ops;

import java.util.List;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What a family translator gets for one layer: the layer's op scope, its inputs as operands (with the batch
 * dimension first) and their shapes (without it), its weights in Keras's order, and how weights enter the graph.
 */
public record LayerInputs(Ops scope, List<Operand<TFloat32>> operands, List<int[]> shapes, List<Tensor> weights,
    WeightOps weightOps) {

  /** The only input. */
  public Operand<TFloat32> x() {
    return operands.get(0);
  }

  /** The only input's shape, batch dimension dropped. */
  public int[] shape() {
    return shapes.get(0);
  }

  /** Rank of the first input counted with the batch, as TensorFlow sees it. */
  public int rank() {
    return shapes.get(0).length + 1;
  }

  /** Weight {@code i}, named {@code name}. */
  public Operand<TFloat32> weight(int i, String name) {
    return weight(name, weights.get(i));
  }

  /** Weight {@code i} reshaped to {@code shape} (e.g. with a leading 1 for the batch, to broadcast). */
  public Operand<TFloat32> weight(int i, String name, long... shape) {
    return weightOps.create(scope.withName(name), Shape.of(shape), weights.get(i).data());
  }

  /** A weight derived from the layer's own (e.g. a dilated kernel), entering the graph as weights do. */
  public Operand<TFloat32> weight(String name, Tensor value) {
    return weightOps.create(scope.withName(name), Shape.of(dims(value)), value.data());
  }

  /** A constant from the layer's configuration (not a weight), baked into the graph. */
  public Operand<TFloat32> constant(String name, Tensor value) {
    return scope.withName(name).constant(Shape.of(dims(value)), DataBuffers.of(value.data(), true, false));
  }

  private static long[] dims(Tensor value) {
    long[] shape = new long[value.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = value.dim(i);
    }
    return shape;
  }

  public Operand<TFloat32> scalar(float value) {
    return scope.constant(value);
  }

  public Operand<TInt32> ints(int... values) {
    return scope.constant(values);
  }

  /** A Keras axis (counted with the batch, possibly negative) as a non-negative TensorFlow axis. */
  public int axis(int kerasAxis) {
    return kerasAxis < 0 ? kerasAxis + rank() : kerasAxis;
  }

  /** {@code [1, 1, ..., size at axis, ..., 1]}: the shape that broadcasts a per-axis vector over the input. */
  public long[] broadcastShape(int[] axes) {
    long[] shape = new long[rank()];
    java.util.Arrays.fill(shape, 1);
    for (int a : axes) {
      int full = axis(a);
      shape[full] = shapes.get(0)[full - 1];
    }
    return shape;
  }
}
