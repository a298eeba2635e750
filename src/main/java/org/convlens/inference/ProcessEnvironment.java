package org.convlens.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Sets variables in this process's own environment, where TensorFlow's C++ code reads its switches
 * ({@code TF_ENABLE_ONEDNN_OPTS}, {@code TF_CPP_MIN_LOG_LEVEL}). Java can read its environment but not change
 * it, so this goes through the C library. Only effective before TensorFlow loads.
 */
final class ProcessEnvironment {
  private ProcessEnvironment() {}

  interface Posix extends Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  interface Msvcrt extends Library {
    int _putenv_s(String name, String value);
  }

  static void set(String name, String value) {
    if (Platform.isWindows()) {
      Native.load("msvcrt", Msvcrt.class)._putenv_s(name, value);
    } else {
      Native.load("c", Posix.class).setenv(name, value, 1);
    }
  }

  /** Sets {@code name} unless the user's environment already has it: their choice wins. */
  static void setIfUnset(String name, String value) {
    if (System.getenv(name) == null) {
      set(name, value);
    }
  }
}
