package org.convlens.bench;

import java.util.Arrays;

/** Median, fastest and slowest of repeated measurements, in milliseconds. */
public record Timing(double median, double min, double max, int n) {

  public static Timing of(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return new Timing(median, sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  /** Runs {@code work} {@code warmup} times untimed, then {@code runs} times timed. */
  static Timing measure(int warmup, int runs, Work work) throws Exception {
    return of(sample(warmup, runs, work));
  }

  /** As {@link #measure}, returning each run's milliseconds. */
  static double[] sample(int warmup, int runs, Work work) throws Exception {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    return ms;
  }

  /** Milliseconds since {@code startNanos}. */
  static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  /** Something to time. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }
}
