package org.convlens.inference;

import ai.djl.engine.Engine;
import java.io.IOException;
import org.convlens.inference.natives.TensorFlowNatives;

/**
 * Starts DJL's TensorFlow engine offline: the native libraries come from the Maven artifact on the class path,
 * extracted once into the per-user cache, never from DJL's download host (unreachable for many users).
 */
public final class TensorFlowRuntime {
  private TensorFlowRuntime() {}

  /** Starts the engine (once per process; later calls return at once) and returns TensorFlow's version. */
  public static synchronized String start() throws ModelLoadException {
    try {
      new TensorFlowNatives().ensureExtracted();
      CpuKernels.choose();
      LargeAllocations.keep();
      // TensorFlow logs each model load at INFO on stderr, which buries our own messages.
      ProcessEnvironment.setIfUnset("TF_CPP_MIN_LOG_LEVEL", "1");
      return Engine.getEngine("TensorFlow").getVersion();
    } catch (IOException e) {
      throw new ModelLoadException("cannot prepare TensorFlow's native libraries: " + e.getMessage()
          + "; check that the cache folder is writable and has ~700 MB free", e);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ModelLoadException("TensorFlow did not start: " + e.getMessage(), e);
    }
  }
}
