package org.convlens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Reading the PyTorch script's figures, and saying clearly when there is no PyTorch to compare with. */
class TorchBaselineTest {
  @TempDir Path work;

  /** The end of a real run of torch_resnet50v2.py (--batch 8 --only eager_nchw jit_opt_inf_nchw), shortened. */
  private static final String OUTPUT = String.join("\n",
      "torch 1.13.0a0, threads 2 (interop 2), mkldnn True, mkl False",
      "eager_nchw             median   412.20 ms  min   401.00  max   430.10  (n=3, warmup 1)",
      "jit_opt_inf_nchw       median   350.40 ms  min   340.00  max   361.20  (n=3, warmup 1)",
      "{\"variants\": {\"eager_nchw\": {\"median\": 412.2}, \"jit_opt_inf_nchw\": {\"median\": 350.4}}, "
          + "\"best_variant\": \"jit_opt_inf_nchw\", \"torch\": \"1.13.0a0\", \"runs\": 3, \"warmup\": 1}",
      "{\"torch_eager_ms\": 412.2, \"torch_best_ms\": 350.4, \"threads\": 2, \"batch\": 8, "
          + "\"torch_best_images_per_s\": 22.83}",
      "");

  @Test
  void readsTheLastLinesFigures() throws Exception {
    TorchBaseline.Result r = TorchBaseline.parse(OUTPUT);
    assertEquals(412.2, r.eagerMs());
    assertEquals(350.4, r.bestMs());
    assertEquals("jit_opt_inf_nchw", r.bestVariant());
    assertEquals(8, r.batch());
    assertEquals(22.83, r.bestImagesPerSecond());
  }

  @Test
  void withoutEagerOrThroughputTheFiguresThatAreThereCount() throws Exception {
    TorchBaseline.Result r = TorchBaseline.parse("{\"torch_eager_ms\": null, \"torch_best_ms\": 40.0, \"threads\": 2}");
    assertNull(r.eagerMs());
    assertNull(r.bestVariant());
    assertEquals(1, r.batch());
    assertEquals(25.0, r.bestImagesPerSecond(), 1e-9, "one image per best forward");
  }

  @Test
  void outputWithoutFiguresIsAnErrorThatQuotesIt() {
    IOException e = assertThrows(IOException.class,
        () -> TorchBaseline.parse("eager_nchw FAILED: RuntimeException: out of memory\n"));
    assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
  }

  @Test
  void noPythonWithTorchIsOneLineThatSaysWhyAndWhatToDo() throws Exception {
    TorchBaseline.Availability found = TorchBaseline.find(List.of(work.resolve("no-python").toString()), work, 2);
    assertNull(found.torch());
    assertTrue(found.skippedBecause().contains("no-python"), found.skippedBecause());
    String line = TorchBaseline.skippedLine(found.skippedBecause());
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("PyTorch comparison skipped") && line.contains(found.skippedBecause())
        && line.contains("python3-torch") && line.contains("--python"), line);
  }

  /**
   * PyTorch's process runs with passive OpenMP waiting and the glibc setting ConvLens gives itself, so neither
   * side pays for a setting the other does not have. A stand-in "python" records the environment it was given.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void pyTorchGetsTheSameAllocatorSettingAndPassiveWaiting() throws Exception {
    Path python = work.resolve("python");
    Path seen = work.resolve("env.txt");
    Files.writeString(python, "#!/bin/sh\nenv > " + seen + "\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    TorchBaseline torch = TorchBaseline.find(List.of(python.toString()), work, 2).torch();
    torch.makeWeights(42);
    List<String> env = Files.readAllLines(seen);
    for (String wanted : List.of("OMP_WAIT_POLICY", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")) {
      String value = System.getenv(wanted) != null ? System.getenv(wanted)
          : wanted.equals("OMP_WAIT_POLICY") ? "PASSIVE" : "1073741824";
      assertTrue(env.contains(wanted + "=" + value), wanted + " in " + env);
    }
  }
}
