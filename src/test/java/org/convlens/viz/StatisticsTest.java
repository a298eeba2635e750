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
