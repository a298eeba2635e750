package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

class CpuKernelsTest {
  @Test
  void theUsersEnvironmentWinsThenThePropertyThenTheCpu() {
    assertFalse(CpuKernels.wantsOneDnn("0", "true", false));
    assertTrue(CpuKernels.wantsOneDnn("1", "false", true));
    assertTrue(CpuKernels.wantsOneDnn(null, "true", true));
    assertFalse(CpuKernels.wantsOneDnn(null, "false", false));
    assertFalse(CpuKernels.wantsOneDnn(null, null, true));
    assertTrue(CpuKernels.wantsOneDnn(null, null, false));
  }

  @Test
  void setIfUnsetLeavesTheUsersValue() {
    assumeFalse(Platform.isWindows(), "checked through the C library's getenv");
    // PATH is always set: the user's value must survive.
    String path = System.getenv("PATH");
    ProcessEnvironment.setIfUnset("PATH", "/nowhere");
    assertEquals(path, Native.load("c", ProcessEnvironment.Posix.class).getenv("PATH"));
  }

  @Test
  void theVariableReachesTheProcessEnvironmentThatTensorFlowReads() {
    assumeFalse(Platform.isWindows(), "checked through the C library's getenv");
    String name = "CONVLENS_TEST_" + System.nanoTime();
    ProcessEnvironment.set(name, "0");
    assertEquals("0", Native.load("c", ProcessEnvironment.Posix.class).getenv(name));
  }
}
