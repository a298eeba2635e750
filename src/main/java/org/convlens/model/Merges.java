package org.convlens.model;

import java.util.List;
import org.convlens.tensor.Tensor;

/** Layers that join several inputs. */
public sealed interface Merges extends LayerConfig {

  /** Keras's element-wise merge layers, by class name. */
  enum Operation {
    ADD("Add"),
    SUBTRACT("Subtract"),
    MULTIPLY("Multiply"),
    AVERAGE("Average"),
    MAXIMUM("Maximum"),
    MINIMUM("Minimum");

    private final String kerasType;

    Operation(String kerasType) {
      this.kerasType = kerasType;
    }

    public String kerasType() {
      return kerasType;
    }
  }

  /**
   * An element-wise merge of inputs of equal rank, broadcasting sizes of 1 as Keras does (a squeeze-and-excite
   * {@code Multiply} of {@code [h, w, c]} by {@code [1, 1, c]}). {@code Subtract} takes exactly two inputs.
   */
  record ElementWise(Operation operation) implements Merges {
    public String kerasType() {
      return operation.kerasType();
    }

    public int[] outputShape(List<int[]> inputs) {
      if (operation == Operation.SUBTRACT && inputs.size() != 2) {
        throw new IllegalArgumentException("Subtract needs exactly two inputs, got " + inputs.size());
      }
      return Shapes.broadcast(inputs, operation.kerasType());
    }
  }

  /** Concatenation along {@code axis} (a Keras axis, counted with the batch; -1 is the channels). */
  record Concatenate(int axis) implements Merges {
    public String kerasType() {
      return "Concatenate";
    }

    public int[] outputShape(List<int[]> inputs) {
      if (inputs.size() < 2) {
        throw new IllegalArgumentException("Concatenate needs at least two inputs, got " + inputs.size());
      }
      int[] out = inputs.get(0).clone();
      int a = Shapes.axis(axis, out.length);
      for (int i = 1; i < inputs.size(); i++) {
        int[] in = inputs.get(i);
        boolean fits = in.length == out.length;
        for (int d = 0; fits && d < in.length; d++) {
          fits = d == a || in[d] == out[d];
        }
        if (!fits) {
          throw new IllegalArgumentException("Concatenate inputs " + Tensor.formatShape(inputs.get(0)) + " and "
              + Tensor.formatShape(in) + " differ outside axis " + axis);
        }
        out[a] += in[a];
      }
      return out;
    }
  }
}
