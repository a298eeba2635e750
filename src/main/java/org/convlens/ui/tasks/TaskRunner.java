package org.convlens.ui.tasks;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Worker;

/**
 * Runs slow work off the JavaFX thread and hands the result back on it. Injected into every view and
 * controller, so tests can pass {@link #direct()}, which runs everything on the calling thread and makes
 * asynchronous code deterministic.
 */
public interface TaskRunner {

  /** Work to do in the background; it may report progress and should stop early when cancelled. */
  @FunctionalInterface
  interface Work<T> {
    T call(ProgressSink progress) throws Exception;
  }

  /** Progress reports from inside {@link Work}: a message and a fraction in [0, 1] or -1 for unknown. */
  interface ProgressSink {
    void update(String message, double fraction);

    boolean isCancelled();

    /**
     * Runs {@code partialResult} on the JavaFX thread while the work goes on (at once, on this thread, for runners
     * that run everything there); dropped when the work was cancelled by then.
     */
    void publish(Runnable partialResult);
  }

  /** A submitted piece of work. */
  interface Handle {
    void cancel();

    boolean isDone();

    /** The work's observable progress and message, for a progress bar next to it; null when not observable. */
    default Worker<?> worker() {
      return null;
    }
  }

  /**
   * Starts {@code work}; exactly one of {@code onSuccess} and {@code onFailure} later runs on the JavaFX thread,
   * unless the work was cancelled, in which case neither does.
   *
   * @param title shown with the progress, e.g. "Analysing cat.png"
   */
  <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

  /**
   * The work whose progress the status bar shows now (the most recently started unfinished one), or null.
   * Runners without observable progress, such as {@link #direct()}, always answer null.
   */
  default ReadOnlyObjectProperty<Worker<?>> activeWorkerProperty() {
    return new ReadOnlyObjectWrapper<Worker<?>>(this, "activeWorker").getReadOnlyProperty();
  }

  /** A runner that runs everything at once on the calling thread: for tests. */
  static TaskRunner direct() {
    return new TaskRunner() {
      @Override
      public <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess,
          Consumer<Throwable> onFailure) {
        boolean[] cancelled = {false};
        Handle handle = new Handle() {
          @Override
          public void cancel() {
            cancelled[0] = true;
          }

          @Override
          public boolean isDone() {
            return true;
          }
        };
        T result;
        try {
          result = work.call(new ProgressSink() {
            @Override
            public void update(String message, double fraction) {}

            @Override
            public boolean isCancelled() {
              return cancelled[0];
            }

            @Override
            public void publish(Runnable partialResult) {
              if (!cancelled[0]) {
                partialResult.run();
              }
            }
          });
        } catch (Exception e) {
          onFailure.accept(e);
          return handle;
        }
        onSuccess.accept(result);
        return handle;
      }
    };
  }
}
