package org.convlens.explain;

/**
 * How activation maximisation runs: gradient ascent on the input with the regularisers of Yosinski et al. 2015
 * (random jitter, a Gaussian blur every few steps, decay towards grey), which keep deep channels from answering
 * with high-frequency noise.
 *
 * @param objective what is maximised
 * @param steps gradient steps
 * @param stepSize each step's largest change, as a fraction of the input range
 * @param jitter largest random shift of the image per step, in pixels (0: none)
 * @param blurEvery a blur every this many steps (0: never)
 * @param blurSigma the blur's standard deviation in pixels
 * @param decay the fraction by which the image moves back towards grey each step
 * @param seed of the start image and the jitter
 */
public record MaximizeSettings(Objective objective, int steps, double stepSize, int jitter, int blurEvery,
    double blurSigma, double decay, long seed) {
  public static final MaximizeSettings DEFAULT =
      new MaximizeSettings(Objective.CHANNEL, 256, 0.02, 4, 4, 0.5, 0.01, 1);

  /** What is maximised for the chosen channel. */
  public enum Objective {
    /** The channel's mean over all positions: a pattern that excites it everywhere (the usual picture). */
    CHANNEL,
    /** The channel's unit at the centre of the map: what one neuron looks for within its receptive field. */
    NEURON
  }

  public MaximizeSettings {
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("steps " + steps + ": give 1 to 100000");
    }
    if (!(stepSize > 0 && stepSize <= 1) || jitter < 0 || blurEvery < 0 || !(blurSigma >= 0)
        || !(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("maximisation settings out of range: step size (0, 1], jitter >= 0, "
          + "blur every >= 0 steps, blur sigma >= 0, decay [0, 1)");
    }
  }

  public MaximizeSettings withSteps(int n) {
    return new MaximizeSettings(objective, n, stepSize, jitter, blurEvery, blurSigma, decay, seed);
  }

  public MaximizeSettings withSeed(long s) {
    return new MaximizeSettings(objective, steps, stepSize, jitter, blurEvery, blurSigma, decay, s);
  }
}
