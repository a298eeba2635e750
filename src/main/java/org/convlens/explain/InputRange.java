package org.convlens.explain;

import org.convlens.image.Preprocessing;

/**
 * The values an input channel takes for pixels 0 to 255 under a preprocessing: what noise is scaled to and what
 * an optimised image is kept within.
 *
 * @param low per channel, in the tensor's channel order
 * @param high per channel
 */
public record InputRange(float[] low, float[] high) {
  public InputRange {
    low = low.clone();
    high = high.clone();
  }

  public static InputRange of(Preprocessing mode) {
    float[] low = new float[3];
    float[] high = new float[3];
    for (int c = 0; c < 3; c++) {
      low[c] = mode.normalise(0, c);
      high[c] = mode.normalise(255, c);
    }
    return new InputRange(low, high);
  }

  public int channels() {
    return low.length;
  }

  /** The widest channel's span: the scale for noise and step sizes. */
  public float span() {
    float span = 0;
    for (int c = 0; c < low.length; c++) {
      span = Math.max(span, high[c] - low[c]);
    }
    return span;
  }

  public float low(int channel) {
    return low[channel];
  }

  public float high(int channel) {
    return high[channel];
  }
}
