package org.convlens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses TensorFlow's CPU kernels before the engine starts. TensorFlow 2.16 turns Intel's oneDNN kernels on by
 * default on x86; measured on an AMD EPYC (Zen 4) machine here, they make the ResNet50V2 forward pass three
 * times slower (144 ms against 51 ms with TensorFlow's own kernels), while on Intel machines they are faster.
 * Re-measured with the weights as variables, in alternating processes on a 2-core AMD EPYC (EngineMemoryBenchmark
 * "forward", fastest of 40 warm passes): off 82 / 58 ms, on 319 / 255 ms (default threads / 2 intra-op + 1
 * inter-op), and in a second round off 81 ms, on 258 ms (default threads), so the choice stands and the thread counts stay TensorFlow's defaults.
 * Tried again on a 2-core AMD EPYC (AVX-512) in alternating processes, fastest pass (load average 7-18): off 61-81
 * ms; on 245-285 ms whatever the threads (default, 2 intra + 1 inter, 1 + 1); with OMP_WAIT_POLICY=PASSIVE and
 * OMP_NUM_THREADS=2 267 ms (TensorFlow's oneDNN runs on its own thread pool, not OpenMP, so these do nothing);
 * TF_ONEDNN_THREADPOOL_USE_CALLER_THREAD=1 282 ms; TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 155-183 ms (the best);
 * ONEDNN_MAX_CPU_ISA=AVX2 390 ms. ONEDNN_VERBOSE shows oneDNN 3.3.4's AVX-512 kernels each ~10x slower than
 * their work (a 256x56x56 batch norm 12-26 ms), one thread as well as two, so it is not threads waiting.
 * So oneDNN is switched off on AMD CPUs, unless the user decides: {@code TF_ENABLE_ONEDNN_OPTS} in the
 * environment wins, then {@code -Dconvlens.tf.onednn=true|false}.
 *
 * <p>TensorFlow reads only its environment variable, so it is set in the process's own environment
 * ({@link ProcessEnvironment}) before TensorFlow loads.
 */
final class CpuKernels {
  static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
  static final String PROPERTY = "convlens.tf.onednn";

  private CpuKernels() {}

  /** Applies the choice; returns whether oneDNN stays on. */
  static boolean choose() {
    String fromUser = System.getenv(VARIABLE);
    boolean onednn = wantsOneDnn(fromUser, System.getProperty(PROPERTY), isAmdCpu());
    if (fromUser == null && !onednn) {
      ProcessEnvironment.set(VARIABLE, "0");
    }
    return onednn;
  }

  /** The decision alone: the environment variable, then the property, then the CPU's maker. */
  static boolean wantsOneDnn(String environment, String property, boolean amdCpu) {
    if (environment != null) {
      return !environment.strip().equals("0");
    }
    return property != null ? Boolean.parseBoolean(property) : !amdCpu;
  }

  static boolean isAmdCpu() {
    String windows = System.getenv("PROCESSOR_IDENTIFIER");
    if (windows != null) {
      return windows.contains("AuthenticAMD");
    }
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).toLowerCase(Locale.ROOT).contains("authenticamd");
    } catch (IOException e) {
      return false;
    }
  }
}
