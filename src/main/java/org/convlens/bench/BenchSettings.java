package org.convlens.bench;

import java.util.List;

/**
 * How many times each figure is measured.
 *
 * @param rounds A/B rounds: our warm forwards, then PyTorch's, alternately
 * @param torchVariants the PyTorch variants of the first round (empty: all); later rounds run eager and the best
 */
public record BenchSettings(
    String name,
    int warmup,
    int forwardsPerRound,
    int rounds,
    int onDemandRuns,
    int viewRuns,
    int openRuns,
    List<Integer> batchSizes,
    int batchRuns,
    int soakForwards,
    int torchWarmup,
    int torchRuns,
    List<String> torchVariants,
    List<Integer> torchBatchSizes,
    int torchBatchRuns) {

  static final String TORCH_EAGER = "eager_nchw";

  /** The full run: what docs/benchmarks/ records. */
  public static BenchSettings full() {
    return new BenchSettings("full", 5, 30, 2, 10, 10, 10, List.of(1, 4, 8, 16), 5, 300, 5, 30, List.of(),
        List.of(4, 8, 16), 10);
  }

  /** Fewer repetitions, within a few minutes on two cores. */
  public static BenchSettings quick() {
    return new BenchSettings("quick", 3, 15, 2, 5, 5, 3, List.of(1, 4, 8, 16), 2, 60, 3, 10,
        List.of(TORCH_EAGER, "jit_opt_inf_nchw"), List.of(8), 3);
  }

  /** Each step once or twice: for tests that check the command's output, not the figures. */
  public static BenchSettings smoke() {
    return new BenchSettings("smoke", 1, 3, 1, 2, 2, 1, List.of(1, 2), 1, 5, 1, 2, List.of(TORCH_EAGER),
        List.of(2), 1);
  }

  /** Soak forwards before the first memory sample: the all-layers signature loaded, the allocator settled. */
  public int soakWarmup() {
    return Math.max(1, soakForwards / 6);
  }

  /** Soak forwards between two memory samples (each sample costs a GC): about 16 samples in all. */
  public int soakSampleEvery() {
    return Math.max(1, soakForwards / 15);
  }

  /** Whether the window's cached start is measured end to end (two child processes with a display; not in tests). */
  public boolean measuresWindowStart() {
    return !name.equals("smoke");
  }
}
