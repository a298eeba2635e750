package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.convlens.ui.tasks.TaskRunner;

/**
 * A runner that holds work until the test runs it, in any order, to check that views keep only the newest
 * result. With {@code honourCancel} false it behaves like a pool whose work finished before the cancel
 * arrived: callbacks still run, so only the view's own generation check can drop them.
 */
final class ManualTaskRunner implements TaskRunner {
  private final boolean honourCancel;
  private final List<Pending<?>> pending = new ArrayList<>();

  ManualTaskRunner(boolean honourCancel) {
    this.honourCancel = honourCancel;
  }

  private static final class Pending<T> implements Handle {
    final String title;
    final Work<T> work;
    final Consumer<? super T> onSuccess;
    final Consumer<Throwable> onFailure;
    boolean cancelled;
    boolean done;

    Pending(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
      this.title = title;
      this.work = work;
      this.onSuccess = onSuccess;
      this.onFailure = onFailure;
    }

    void run(boolean honourCancel) {
      done = true;
      if (cancelled && honourCancel) {
        return;
      }
      T result;
      try {
        result = work.call(new ProgressSink() {
          @Override
          public void update(String message, double fraction) {}

          @Override
          public boolean isCancelled() {
            return cancelled && honourCancel;
          }

          @Override
          public void publish(Runnable partialResult) {
            if (!isCancelled()) {
              partialResult.run();
            }
          }
        });
      } catch (Exception e) {
        onFailure.accept(e);
        return;
      }
      onSuccess.accept(result);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isDone() {
      return done;
    }
  }

  @Override
  public <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    Pending<T> p = new Pending<>(title, work, onSuccess, onFailure);
    pending.add(p);
    return p;
  }

  int pendingCount() {
    return pending.size();
  }

  List<String> titles() {
    return pending.stream().map(p -> p.title).toList();
  }

  /** Runs the {@code i}-th pending work on the calling thread (the JavaFX thread, in tests). */
  void run(int i) {
    pending.remove(i).run(honourCancel);
  }

  void runAll() {
    while (!pending.isEmpty()) {
      run(0);
    }
  }
}
