package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LargeAllocationsTest {
  @Test
  void onlyOnLinuxAndNeverOverTheUsersOwnSettings() {
    assertTrue(LargeAllocations.wanted(null, null, null, true));
    assertTrue(LargeAllocations.wanted(null, null, "true", true));
    assertFalse(LargeAllocations.wanted(null, null, "false", true));
    assertFalse(LargeAllocations.wanted("65536", null, null, true));
    assertFalse(LargeAllocations.wanted(null, "65536", null, true));
    assertFalse(LargeAllocations.wanted(null, null, null, false));
  }

  /**
   * The point of it: a freed 40 MB block (above glibc's own 32 MB ceiling, as a batch's stage maps are) is reused
   * without faulting its pages in again, once TensorFlow's runtime has started. Without the thresholds, each of
   * its 10240 pages faults on the next use.
   */
  @Test
  void afterTensorFlowStartsAFreedLargeBlockComesBackWithoutPageFaults() throws Exception {
    assumeTrue(Platform.isLinux() && System.getenv("MALLOC_MMAP_THRESHOLD_") == null
        && System.getenv("MALLOC_TRIM_THRESHOLD_") == null, "glibc with its default settings");
    TestRuntime.start();
    long size = 40L << 20;
    touchAndFree(size);
    long before = minorFaults();
    touchAndFree(size);
    long faults = minorFaults() - before;
    assertTrue(faults < 1000, faults + " page faults to reuse a freed 40 MB block (10240 pages)");
  }

  private static void touchAndFree(long size) {
    long address = Native.malloc(size);
    new Pointer(address).setMemory(0, size, (byte) 1);
    Native.free(address);
  }

  private static long minorFaults() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
  }
}
