package org.convlens.ui;

import java.util.List;
import java.util.Locale;

/**
 * Whether a memory curve (one sample per image) is flat, by a test that can fail: a leak is a trend, so the
 * least-squares slope over the second half must stay under {@link #MAX_SLOPE_MB} per image, and the last third's
 * peak may stand at most {@link #MAX_RISE_MB} above the first third's (peaks, because the allocator and images
 * awaiting disposal make single samples wander by tens of MB).
 */
record Flatness(double slopeMbPerImage, double riseMb) {
  static final double MAX_SLOPE_MB = 0.1;
  static final double MAX_RISE_MB = 30;

  static Flatness of(List<Long> bytes) {
    int n = bytes.size();
    List<Long> half = bytes.subList(n / 2, n);
    return new Flatness(slope(half) / 1e6, (max(bytes.subList(n - n / 3, n)) - max(bytes.subList(0, n / 3))) / 1e6);
  }

  boolean flat() {
    return slopeMbPerImage < MAX_SLOPE_MB && riseMb < MAX_RISE_MB;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "slope over the second half %.3f MB/image, last third's peak %+.0f MB on the "
        + "first third's: %s", slopeMbPerImage, riseMb, flat() ? "flat" : "NOT flat");
  }

  /** Least-squares slope of the samples against their index. */
  static double slope(List<Long> ys) {
    int n = ys.size();
    double meanX = (n - 1) / 2.0;
    double meanY = ys.stream().mapToLong(Long::longValue).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - meanX) * (ys.get(i) - meanY);
      sxx += (i - meanX) * (i - meanX);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private static long max(List<Long> ys) {
    return ys.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
