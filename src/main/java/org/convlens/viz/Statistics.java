package org.convlens.viz;

import java.util.Arrays;

/**
 * Summary numbers over float data that ignore NaN and infinities, so one bad value cannot turn a whole
 * layer's scaling into NaN.
 */
public final class Statistics {
  private Statistics() {}

  /**
   * Min, max and mean of the finite values among {@code count} elements starting at {@code offset}, every
   * {@code stride}-th (a channel of a channels-last map is offset = channel, stride = channels).
   */
  public static Summary summarize(float[] data, int offset, int stride, int count) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    int finite = 0;
    for (int i = 0, p = offset; i < count; i++, p += stride) {
      float v = data[p];
      if (Float.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        finite++;
      }
    }
    return new Summary(min, max, sum, finite, count - finite);
  }

  /**
   * One summary per channel of channels-last data ({@code data.length} a multiple of {@code channels}), in a
   * single pass in memory order: 64 strided passes over conv1's 3 MB would each miss the cache.
   */
  public static Summary[] perChannel(float[] data, int channels) {
    double[] min = new double[channels];
    double[] max = new double[channels];
    double[] sum = new double[channels];
    int[] finite = new int[channels];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int base = 0; base < data.length; base += channels) {
      for (int ch = 0; ch < channels; ch++) {
        float v = data[base + ch];
        if (Float.isFinite(v)) {
          if (v < min[ch]) {
            min[ch] = v;
          }
          if (v > max[ch]) {
            max[ch] = v;
          }
          sum[ch] += v;
          finite[ch]++;
        }
      }
    }
    int count = channels == 0 ? 0 : data.length / channels;
    Summary[] out = new Summary[channels];
    for (int ch = 0; ch < channels; ch++) {
      out[ch] = new Summary(min[ch], max[ch], sum[ch], finite[ch], count - finite[ch]);
    }
    return out;
  }

  /** The summary of all of {@code data}. */
  public static Summary summarize(float[] data) {
    return summarize(data, 0, 1, data.length);
  }

  /**
   * The {@code p}-th percentiles (0 to 100) of the finite values of {@code data}, interpolated linearly
   * between order statistics as NumPy's default does; NaN for each when there are no finite values.
   */
  public static double[] percentiles(float[] data, double... p) {
    float[] finite = new float[data.length];
    int n = 0;
    for (float v : data) {
      if (Float.isFinite(v)) {
        finite[n++] = v;
      }
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 100)) {
        throw new IllegalArgumentException("percentile must be in [0, 100]: " + p[i]);
      }
      if (n == 0) {
        out[i] = Double.NaN;
        continue;
      }
      double rank = p[i] / 100 * (n - 1);
      int lo = (int) Math.floor(rank);
      float below = select(finite, n, lo);
      // after selecting lo, everything right of it is >= it: the next order statistic is their minimum
      float above = below;
      if (lo + 1 < n && rank > lo) {
        above = Float.POSITIVE_INFINITY;
        for (int j = lo + 1; j < n; j++) {
          above = Math.min(above, finite[j]);
        }
      }
      out[i] = below + (above - below) * (rank - lo);
    }
    return out;
  }

  /**
   * The {@code k}-th smallest of {@code a[0..n)}, rearranging {@code a} so that smaller values lie left of
   * {@code k} and larger right (Hoare's quickselect, O(n) on average): sorting conv1's 800k values to find
   * two percentiles cost ten times as much.
   */
  static float select(float[] a, int n, int k) {
    int left = 0;
    int right = n - 1;
    while (right > left) {
      int mid = (left + right) >>> 1;
      // median of three as the pivot keeps sorted and constant data from going quadratic
      float x = a[left];
      float y = a[mid];
      float z = a[right];
      float pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  /**
   * Min, max and mean of the finite values of a set, plus how many values were finite and how many not.
   * With no finite values, min and max are infinite and {@link #range()} falls back to {@code [0, 0]}.
   */
  public record Summary(double min, double max, double sum, int finiteCount, int nonFiniteCount) {
    public double mean() {
      return finiteCount == 0 ? Double.NaN : sum / finiteCount;
    }

    /** Whether every value is exactly zero: a dead channel, typically after a ReLU. */
    public boolean allZero() {
      return nonFiniteCount == 0 && finiteCount > 0 && min == 0 && max == 0;
    }

    /** The finite min-max range, or {@code [0, 0]} when nothing was finite. */
    public ValueRange range() {
      return finiteCount == 0 ? new ValueRange(0, 0) : new ValueRange(min, max);
    }
  }
}
