package org.convlens.explain;

/**
 * @param samples how many noisy copies are averaged
 * @param noise the noise's standard deviation as a fraction of the input's value range (Smilkov et al.: 0.1 to
 *     0.2 work well)
 * @param seed of the noise, so a map can be made again exactly
 */
public record SmoothGradSettings(int samples, double noise, long seed) {
  public static final SmoothGradSettings DEFAULT = new SmoothGradSettings(16, 0.15, 1);

  public SmoothGradSettings {
    if (samples < 1 || samples > 1024) {
      throw new IllegalArgumentException("SmoothGrad samples " + samples + ": give 1 to 1024");
    }
    if (!(noise >= 0 && noise <= 1)) {
      throw new IllegalArgumentException("SmoothGrad noise " + noise + ": give a fraction of the input range, 0 to 1");
    }
  }
}
