package org.convlens.ui.tasks;

import java.util.function.Consumer;

/**
 * Work where only the newest request matters, such as "analyse the image the user opened last": submitting
 * cancels the previous request, and a result that still arrives from an older one is dropped, checked by a
 * generation number on the JavaFX thread. Opening ten images quickly thus shows the tenth, never a late third.
 *
 * <p>Use on the JavaFX thread.
 */
public final class LatestOnly {
  private final TaskRunner tasks;
  private long generation;
  private TaskRunner.Handle current;

  public LatestOnly(TaskRunner tasks) {
    this.tasks = tasks;
  }

  /** Cancels the previous request and submits this one; its callbacks run only while it is the newest. */
  public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<? super T> onSuccess,
      Consumer<Throwable> onFailure) {
    cancel();
    long mine = generation;
    current = tasks.submit(title, work,
        result -> {
          if (mine == generation) {
            onSuccess.accept(result);
          }
        },
        error -> {
          if (mine == generation) {
            onFailure.accept(error);
          }
        });
  }

  /** Cancels the current request, if any; its callbacks will not run. */
  public void cancel() {
    generation++;
    if (current != null) {
      current.cancel();
      current = null;
    }
  }

  /** Increases with every submit and cancel; for tests and diagnostics. */
  public long generation() {
    return generation;
  }
}
