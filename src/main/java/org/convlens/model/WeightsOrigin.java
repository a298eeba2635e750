package org.convlens.model;

/**
 * Where a network's weights came from: a file (named and identified by its content hash) or a seeded random
 * initialisation. Anything that shows results says which, so untrained results are never mistaken for real.
 *
 * @param description shown to people, e.g. {@code resnet50v2_weights_tf_dim_ordering_tf_kernels.h5}
 * @param untrained true for random weights
 * @param cacheKey identifies the weights' content, to key caches built from them
 */
public record WeightsOrigin(String description, boolean untrained, String cacheKey) {

  /** Weights read from a file, described for people (its name, and whether it is the official one). */
  public static WeightsOrigin file(String description, String md5) {
    return new WeightsOrigin(description, false, "md5-" + md5);
  }

  public static WeightsOrigin untrained(long seed) {
    return new WeightsOrigin("untrained (random weights, seed " + seed + ")", true, "untrained-seed-" + seed);
  }
}
