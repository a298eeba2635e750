package org.convlens.ui.views;

import java.util.function.Consumer;
import org.convlens.ui.tasks.TaskRunner;

/**
 * Submits background work so that only the newest request's result (or error) reaches the view: each submit
 * cancels the previous handle and bumps a generation counter, and callbacks of older generations are dropped.
 * Used on the JavaFX thread only.
 */
final class LatestRequest {
  private final TaskRunner tasks;
  private final Consumer<Throwable> errors;
  private long generation;
  private TaskRunner.Handle handle;

  LatestRequest(TaskRunner tasks, Consumer<Throwable> errors) {
    this.tasks = tasks;
    this.errors = errors;
  }

  <T> void submit(String title, TaskRunner.Work<T> work, Consumer<? super T> onSuccess) {
    cancel();
    long mine = generation;
    TaskRunner.Handle h = tasks.submit(title, work,
        result -> {
          if (mine == generation) {
            onSuccess.accept(result);
          }
        },
        error -> {
          if (mine == generation) {
            errors.accept(error);
          }
        });
    // A direct runner has finished (and called back) before submit returns; keeping its handle is harmless.
    if (mine == generation) {
      handle = h;
    }
  }

  /** Drops whatever is in flight: its result will be ignored. */
  void cancel() {
    generation++;
    if (handle != null) {
      handle.cancel();
      handle = null;
    }
  }
}
