package org.convlens.model;

import java.util.List;

/**
 * An output of a TensorFlow SavedModel's signature, standing in the layer graph where a Keras model has its layers:
 * ConvLens knows what it returns, not how it is computed, so it has no weights of ours.
 *
 * @param shape without the batch dimension, -1 for a dimension the signature leaves open
 */
public record SignatureOutput(int[] shape) implements LayerConfig {
  public String kerasType() {
    return "SignatureOutput";
  }

  public int[] outputShape(List<int[]> inputs) {
    return shape.clone();
  }
}
