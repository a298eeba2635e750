package org.convlens.inference;

/** Starts TensorFlow once for the tests that need it. */
public final class TestRuntime {
  private TestRuntime() {}

  public static void start() throws Exception {
    TensorFlowRuntime.start();
  }
}
