package org.convlens.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A TensorFlow SavedModel's signature as ConvLens runs it: the folder, which signature, its one image input and its
 * outputs, read from {@code saved_model.pb} without running anything.
 *
 * @param dir the SavedModel folder (holding {@code saved_model.pb} and {@code variables/})
 * @param key the signature used ({@code serving_default}, or the only one)
 * @param input the image input
 * @param outputs every output, in key order
 * @param parameters the scalars in the graph's variables (their shapes in {@code saved_model.pb}); -1 when unknown
 */
public record ModelSignature(Path dir, String key, Spec input, List<Spec> outputs, long parameters) {
  public ModelSignature {
    outputs = List.copyOf(outputs);
  }

  /**
   * One tensor of the signature.
   *
   * @param key its name in the signature (DJL names the arrays it returns by it)
   * @param dtype TensorFlow's type name without the prefix, e.g. {@code float} or {@code uint8}
   * @param shape with the batch dimension, -1 for a dimension left open; null when even the rank is open
   */
  public record Spec(String key, String dtype, int[] shape) {
    /** As people read it: {@code float (-1, 224, 224, 3)}, or {@code (unknown rank)}. */
    public String describe() {
      if (shape == null) {
        return dtype + " (unknown rank)";
      }
      StringBuilder sb = new StringBuilder(dtype).append(" (");
      for (int i = 0; i < shape.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : Integer.toString(shape[i]));
      }
      return sb.append(")").toString();
    }

    public int rank() {
      return shape == null ? -1 : shape.length;
    }
  }
}
