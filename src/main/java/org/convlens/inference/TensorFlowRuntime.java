package org.convlens.inference;

import ai.djl.engine.Engine;
import java.io.IOException;
import org.convlens.inference.natives.TensorFlowNatives;

/**
 * Starts DJL's TensorFlow engine offline: the native libraries come from the Maven artifact on the class path,
 * extracted once into the per-user cache, never from DJL's download host (unreachable for many users).
 */
public final class TensorFlowRuntime {
  private static final System.Logger LOG = System.getLogger(TensorFlowRuntime.class.getName());

  private TensorFlowRuntime() {}

  /**
   * Starts the engine on a thread of its own and returns at once: loading TensorFlow's 600 MB of natives takes one
   * to two seconds here, which the app spends building its window meanwhile. A failure is only logged here; the
   * model load's own {@link #start} then meets it again and reports it.
   */
  public static void startInBackground() {
    Thread thread = new Thread(() -> {
      try {
        start();
      } catch (ModelLoadException e) {
        LOG.log(System.Logger.Level.DEBUG, "TensorFlow did not start early: " + e.getMessage());
      }
    }, "tensorflow-start");
    thread.setDaemon(true);
    thread.start();
  }

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
