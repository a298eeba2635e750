package org.convlens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkTest {
  @Test
  void pyTorchsBatchesRunTheVariantOfItsFastestRoundNotOfItsLast() {
    // As measured on a busy machine: round 1's best was jit_opt_inf_nchw, round 2 (slowed down) eager's.
    TorchBaseline.Result first = new TorchBaseline.Result(83.5, 58.9, "jit_opt_inf_nchw", 1, 1000 / 58.9);
    TorchBaseline.Result second = new TorchBaseline.Result(83.5, 83.5, "eager_nchw", 1, 1000 / 83.5);
    assertEquals("jit_opt_inf_nchw", Benchmark.fastestTorchRound(List.of(first, second)).bestVariant());
    assertEquals(58.9, Benchmark.fastestTorchRound(List.of(second, first)).bestMs());
    assertNull(Benchmark.fastestTorchRound(List.of()));
  }
}
