package org.convlens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The soak's arithmetic on made-up series: the heap's growth is not a leak, a steady climb outside it is. */
class SoakSeriesTest {
  /** 16 samples, one every 20 forwards, as a full run takes them. */
  private static SoakSeries series(IntToDoubleFunction heapUsed, IntToDoubleFunction committed,
      IntToDoubleFunction outside) {
    List<SoakSeries.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      samples.add(new SoakSeries.Sample(i * 20, heapUsed.applyAsDouble(i), committed.applyAsDouble(i),
          committed.applyAsDouble(i) + outside.applyAsDouble(i)));
    }
    return new SoakSeries(samples);
  }

  @Test
  void theHeapGrowingIsReportedBesideTheOutsideHeapNotInIt() {
    // The JVM commits 10 MB more heap per sample (150 MB in all), what TensorFlow holds stays at 900 MB.
    SoakSeries s = series(i -> 200 + 2 * i, i -> 400 + 10 * i, i -> 900);

    assertEquals(0, s.outsideHeapGrowthMb(), 1e-9);
    assertEquals(0, s.outsideHeapSlopeMbPer100(), 1e-9);
    assertEquals(4, s.window());
    // Means of samples 12..15 and 0..3: the indices differ by 12.
    assertEquals(24, s.heapUsedGrowthMb(), 1e-9);
    assertEquals(120, s.heapCommittedGrowthMb(), 1e-9);
    assertEquals(120, s.rssGrowthMb(), 1e-9, "whole-process RSS would have called this a 120 MB leak");
  }

  @Test
  void aSteadyClimbOutsideTheHeapIsItsGrowthAndSlope() {
    // 1.5 MB more per sample of 20 forwards: 7.5 MB per 100 forwards, 18 MB between the two ends' means.
    SoakSeries s = series(i -> 200, i -> 400, i -> 900 + 1.5 * i);

    assertEquals(18, s.outsideHeapGrowthMb(), 1e-9);
    assertEquals(7.5, s.outsideHeapSlopeMbPer100(), 1e-9);
    assertEquals(0, s.heapUsedGrowthMb(), 1e-9);
  }

  @Test
  void oneWanderingSampleInTheMiddleIsNotGrowth() {
    SoakSeries s = series(i -> 200, i -> 400, i -> i == 7 ? 1080 : 900 + (i % 2 == 0 ? 3 : -3));

    assertEquals(0, s.outsideHeapGrowthMb(), 1e-9);
  }

  @Test
  void twoSamplesCompareTheLastWithTheFirst() {
    SoakSeries s = new SoakSeries(List.of(new SoakSeries.Sample(0, 100, 300, 1300),
        new SoakSeries.Sample(5, 110, 300, 1312)));

    assertEquals(1, s.window());
    assertEquals(12, s.outsideHeapGrowthMb(), 1e-9);
    assertEquals(240, s.outsideHeapSlopeMbPer100(), 1e-9);
    assertEquals(10, s.heapUsedGrowthMb(), 1e-9);
    assertEquals(1012, s.last().outsideHeapMb(), 1e-9);
  }

  @Test
  void oneSampleIsNoTrend() {
    assertThrows(IllegalArgumentException.class,
        () -> new SoakSeries(List.of(new SoakSeries.Sample(0, 1, 2, 3))));
  }

  @Test
  void fullAndQuickRunsWarmUpThenTakeSixteenSamples() {
    BenchSettings full = BenchSettings.full();
    assertEquals(50, full.soakWarmup());
    assertEquals(16, full.soakForwards() / full.soakSampleEvery() + 1);
    BenchSettings quick = BenchSettings.quick();
    assertEquals(10, quick.soakWarmup());
    assertEquals(16, quick.soakForwards() / quick.soakSampleEvery() + 1);
  }
}
