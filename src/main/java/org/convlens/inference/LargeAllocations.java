package org.convlens.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps TensorFlow's large tensors in the C library's heap once freed, instead of returning them to the system
 * after every forward pass. glibc serves blocks above its mmap threshold (at most 32 MB when it adjusts it itself)
 * with fresh pages from the system and gives them back on free, so each pass faults them in again, zeroed: a
 * batch of 8 ResNet50V2 images has stage maps of 25 MB and more. Measured in alternating processes on 2 cores
 * (BatchThroughputBenchmark, load average 3.5-4): batch 8 from 9.0 to 27.4 images/s, batch 16 from 6.7 to 24.0
 * (page faults per batch of 16: 117279 to 5907), resident memory afterwards 1323 against 1371 MB; an app-like
 * run (EngineMemoryBenchmark "app") 778 against 821 MB. The cost: memory freed after a large batch stays with
 * the process.
 *
 * <p>Both thresholds must be set (setting either one stops glibc adjusting the other, and a trim threshold alone
 * with the default 128 KB mmap threshold made every forward 15 times slower). The user's own {@code
 * MALLOC_MMAP_THRESHOLD_} or {@code MALLOC_TRIM_THRESHOLD_} wins, and {@code -Dconvlens.malloc.keepLarge=false}
 * leaves glibc's defaults.
 */
public final class LargeAllocations {
  static final String PROPERTY = "convlens.malloc.keepLarge";
  /** Blocks up to this size come from the heap, which keeps up to this much free memory before trimming. */
  public static final int THRESHOLD = 1 << 30;
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;

  interface Glibc extends Library {
    int mallopt(int param, int value);
  }

  private LargeAllocations() {}

  /** Applies the choice; returns whether the thresholds were set. */
  static boolean keep() {
    if (!wanted(System.getenv("MALLOC_MMAP_THRESHOLD_"), System.getenv("MALLOC_TRIM_THRESHOLD_"),
        System.getProperty(PROPERTY), Platform.isLinux())) {
      return false;
    }
    try {
      Glibc c = Native.load("c", Glibc.class);
      return c.mallopt(M_MMAP_THRESHOLD, THRESHOLD) == 1 && c.mallopt(M_TRIM_THRESHOLD, THRESHOLD) == 1;
    } catch (UnsatisfiedLinkError e) {
      return false; // a C library without mallopt: nothing to tune
    }
  }

  /** The decision alone: only on Linux, never over the user's own malloc settings, unless switched off. */
  static boolean wanted(String mmapThreshold, String trimThreshold, String property, boolean linux) {
    return linux && mmapThreshold == null && trimThreshold == null && !"false".equals(property);
  }
}
