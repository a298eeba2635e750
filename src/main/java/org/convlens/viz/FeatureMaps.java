package org.convlens.viz;

import org.convlens.tensor.Tensor;

/** Shape checks shared by everything that reads a feature map. */
public final class FeatureMaps {
  private FeatureMaps() {}

  /**
   * {@code activation} as {@code [h, w, c]}: a leading batch dimension of 1 is dropped; any other shape is
   * rejected with a message naming it.
   */
  public static Tensor hwc(Tensor activation) {
    int[] s = activation.shape();
    if (s.length == 4 && s[0] == 1) {
      return hwc(activation.reshape(s[1], s[2], s[3]));
    }
    if (s.length != 3) {
      throw new IllegalArgumentException("a feature map has shape (height, width, channels) or "
          + "(1, height, width, channels); got " + Tensor.formatShape(s));
    }
    if (s[0] == 0 || s[1] == 0) {
      throw new IllegalArgumentException("empty feature map " + Tensor.formatShape(s));
    }
    return activation;
  }
}
