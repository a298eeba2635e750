package org.convlens.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A soak's memory samples and what they say. Whole-process resident memory mixes the Java heap (which the JVM grows
 * and shrinks as it likes) with what TensorFlow and the JVM hold outside it, so the two are taken apart: the heap
 * used after a GC, the heap committed, and outside the heap = resident - committed heap. Samples wander from one to
 * the next (the allocator, the GC), so growth is a trend: the mean of the last quarter of the samples less the mean
 * of the first quarter, with the least-squares slope beside it.
 */
record SoakSeries(List<Sample> samples) {

  /**
   * One sample, in MB.
   *
   * @param forwards forwards done since the warm-up ended
   */
  record Sample(int forwards, double heapUsedMb, double heapCommittedMb, double rssMb) {
    double outsideHeapMb() {
      return rssMb - heapCommittedMb;
    }
  }

  SoakSeries {
    samples = List.copyOf(samples);
    if (samples.size() < 2) {
      throw new IllegalArgumentException("a trend needs at least two samples, got " + samples.size());
    }
  }

  /** How many samples each end of the trend averages: a quarter of them, at least one. */
  int window() {
    return Math.max(1, samples.size() / 4);
  }

  double outsideHeapGrowthMb() {
    return growth(Sample::outsideHeapMb);
  }

  double heapUsedGrowthMb() {
    return growth(Sample::heapUsedMb);
  }

  double heapCommittedGrowthMb() {
    return growth(Sample::heapCommittedMb);
  }

  double rssGrowthMb() {
    return growth(Sample::rssMb);
  }

  /** Least-squares slope of the memory outside the heap, in MB per 100 forwards. */
  double outsideHeapSlopeMbPer100() {
    return slope(Sample::outsideHeapMb) * 100;
  }

  Sample last() {
    return samples.get(samples.size() - 1);
  }

  private double growth(ToDoubleFunction<Sample> value) {
    int k = window();
    return mean(samples.subList(samples.size() - k, samples.size()), value) - mean(samples.subList(0, k), value);
  }

  private double slope(ToDoubleFunction<Sample> value) {
    double meanX = samples.stream().mapToDouble(Sample::forwards).average().orElseThrow();
    double meanY = mean(samples, value);
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      num += (s.forwards() - meanX) * (value.applyAsDouble(s) - meanY);
      den += (s.forwards() - meanX) * (s.forwards() - meanX);
    }
    return den == 0 ? 0 : num / den;
  }

  private static double mean(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).average().orElseThrow();
  }
}
