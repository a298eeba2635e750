package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void percentilesInterpolateLikeNumpyAndSkipNonFinite() {
    float[] d = {4, Float.NaN, 1, 3, Float.POSITIVE_INFINITY, 2};
    assertArrayEquals(new double[] {1, 2.5, 4, 1.03}, Statistics.percentiles(d, 0, 50, 100, 1), 1e-9);
    assertTrue(Double.isNaN(Statistics.percentiles(new float[] {Float.NaN}, 50)[0]));
  }

  @Test
  void selectionAgreesWithSortingOnRandomAndRepetitiveData() {
    java.util.Random rnd = new java.util.Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(300);
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = trial % 3 == 0 ? rnd.nextInt(4) : trial % 3 == 1 ? i : (float) rnd.nextGaussian();
      }
      float[] sorted = a.clone();
      java.util.Arrays.sort(sorted);
      int k = rnd.nextInt(n);
      assertEquals(sorted[k], Statistics.select(a.clone(), n, k), "trial " + trial);
      double p = rnd.nextDouble() * 100;
      double rank = p / 100 * (n - 1);
      int lo = (int) Math.floor(rank);
      double expected = sorted[lo] + (sorted[Math.min(n - 1, lo + 1)] - sorted[lo]) * (rank - lo);
      assertEquals(expected, Statistics.percentiles(a, p)[0], 1e-4, "trial " + trial);
    }
  }

  @Test
  void perChannelMatchesStridedSummaries() {
    float[] d = {1, -2, 3, Float.NaN, 5, 0};
    Statistics.Summary[] s = Statistics.perChannel(d, 2);
    assertEquals(1, s[0].min());
    assertEquals(5, s[0].max());
    assertEquals(3, s[0].mean());
    assertEquals(1, s[1].nonFiniteCount());
    assertEquals(-1, s[1].mean());
    assertEquals(Statistics.summarize(d, 1, 2, 3), s[1]);
  }

  @Test
  void allZeroMeansDeadOnly() {
    assertTrue(Statistics.summarize(new float[] {0, 0, -0f}).allZero());
    assertTrue(!Statistics.summarize(new float[] {0, 0, Float.NaN}).allZero());
    assertTrue(!Statistics.summarize(new float[] {0, 1e-30f}).allZero());
    assertEquals(new ValueRange(0, 0), Statistics.summarize(new float[] {Float.NaN}).range());
  }
}
