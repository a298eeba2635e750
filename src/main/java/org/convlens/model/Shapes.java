package org.convlens.model;

import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/** Shape checks shared by the layer families. Shapes are channels-last, batch dimension dropped. */
final class Shapes {
  private Shapes() {}

  /** The only input shape of a single-input layer, checked for rank ({@code -1}: any rank). */
  static int[] single(List<int[]> inputs, int rank) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("expected one input, got " + inputs.size());
    }
    int[] in = inputs.get(0);
    if (rank >= 0 && in.length != rank) {
      throw new IllegalArgumentException("expected an input of rank " + rank + ", got " + Tensor.formatShape(in));
    }
    return in;
  }

  /** At least one input of rank 1 or more (the batch is dropped, so rank 0 would be a batch of scalars). */
  static int[] atLeastRank(List<int[]> inputs, int rank) {
    int[] in = single(inputs, -1);
    if (in.length < rank) {
      throw new IllegalArgumentException(
          "expected an input of rank " + rank + " or more, got " + Tensor.formatShape(in));
    }
    return in;
  }

  /**
   * A Keras axis (counted with the batch, negative from the end) as an index into a batch-dropped shape of
   * {@code rank}.
   */
  static int axis(int kerasAxis, int rank) {
    int full = kerasAxis < 0 ? kerasAxis + rank + 1 : kerasAxis;
    if (full < 1 || full > rank) {
      throw new IllegalArgumentException("axis " + kerasAxis + " is not a feature axis of a rank-" + rank + " input");
    }
    return full - 1;
  }

  /** NumPy broadcasting of equal-rank shapes (a merge of {@code [h, w, c]} with {@code [1, 1, c]}). */
  static int[] broadcast(List<int[]> inputs, String layerKind) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException(layerKind + " needs at least two inputs, got " + inputs.size());
    }
    int[] out = inputs.get(0).clone();
    for (int[] in : inputs) {
      if (in.length != out.length) {
        throw new IllegalArgumentException(layerKind + " inputs differ in rank: " + Tensor.formatShape(inputs.get(0))
            + " and " + Tensor.formatShape(in));
      }
      for (int i = 0; i < out.length; i++) {
        if (in[i] != out[i] && in[i] != 1 && out[i] != 1) {
          throw new IllegalArgumentException(layerKind + " inputs differ in shape: "
              + Tensor.formatShape(inputs.get(0)) + " and " + Tensor.formatShape(in));
        }
        out[i] = Math.max(out[i], in[i]);
      }
    }
    return out;
  }

  static int[] same(List<int[]> inputs) {
    return single(inputs, -1).clone();
  }

  static boolean equal(int[] a, int[] b) {
    return Arrays.equals(a, b);
  }
}
