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
  private final Consumer<Throwable> defaultFailure;
  private long generation;
  private TaskRunner.Handle current;

  public LatestOnly(TaskRunner tasks) {
    this(tasks, error -> { });
  }

  /** With the failure handler that {@link #submit(String, TaskRunner.Work, Consumer)} uses. */
  public LatestOnly(TaskRunner tasks, Consumer<Throwable> onFailure) {
    this.tasks = tasks;
    this.defaultFailure = onFailure;
  }

  /** As {@link #submit(String, TaskRunner.Work, Consumer, Consumer)}, failures going to the default handler. */
  public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<? super T> onSuccess) {
    submit(title, work, onSuccess, defaultFailure);
  }

  /** Cancels the previous request and submits this one; its callbacks run only while it is the newest. */
  public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<? super T> onSuccess,
      Consumer<Throwable> onFailure) {
    cancel();
    long mine = generation;
    TaskRunner.Handle handle = tasks.submit(title, work,
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
    // A direct runner calls back before submit returns, perhaps submitting anew: keep only our own handle.
    if (mine == generation) {
      current = handle;
    }
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
