package org.convlens.ui.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/**
 * The app's {@link TaskRunner}: a small bounded pool of named daemon threads running {@link Task}s, so the
 * JavaFX thread only ever receives finished results. It also publishes the most recently started unfinished
 * task ({@link #activeWorkerProperty()}) for the status bar to bind its progress bar and message to.
 *
 * <p>Cancelling a handle guarantees that neither callback runs afterwards, even when the work had already
 * finished and its result was on its way to the JavaFX thread: the callbacks check a flag set by
 * {@link Handle#cancel()} on the JavaFX thread, which is where both run.
 *
 * <p>Call {@link #submit} and {@link Handle#cancel()} on the JavaFX thread; {@link #shutdown()} when the app stops.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
  /** Two workers: one for the model, one for rendering and files, on the 2-core machines we target. */
  public static final int DEFAULT_THREADS = 2;

  /** A callback this slow is logged: it delays the window's next frames visibly. */
  static final long SLOW_CALLBACK_MS = 50;
  private static final System.Logger LOG = System.getLogger(FxTaskRunner.class.getName());

  private final ExecutorService executor;
  private final List<Task<?>> running = new ArrayList<>();
  private final ReadOnlyObjectWrapper<Worker<?>> activeWorker = new ReadOnlyObjectWrapper<>(this, "activeWorker");
  private Slowest slowest = new Slowest("", 0); // the JavaFX thread's only

  public FxTaskRunner() {
    this(DEFAULT_THREADS);
  }

  public FxTaskRunner(int threads) {
    executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        new WorkerThreads());
  }

  @Override
  public <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess,
      Consumer<Throwable> onFailure) {
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(onSuccess, "onSuccess");
    Objects.requireNonNull(onFailure, "onFailure");
    WorkTask<T> task = new WorkTask<>(title, work, this::timed);
    if (executor.isShutdown()) {
      // The app is stopping: a late callback's follow-up work is dropped, not an exception at exit.
      task.cancelByUser();
      return handle(task);
    }
    task.setOnSucceeded(e -> {
      finished(task);
      if (!task.cancelledByUser) {
        timed(title, () -> onSuccess.accept(task.getValue()));
      }
    });
    task.setOnFailed(e -> {
      finished(task);
      if (!task.cancelledByUser) {
        timed(title, () -> onFailure.accept(task.getException()));
      }
    });
    task.setOnCancelled(e -> finished(task));
    running.add(task);
    activeWorker.set(task);
    executor.execute(task);
    return handle(task);
  }

  private static Handle handle(WorkTask<?> task) {
    return new Handle() {
      @Override
      public void cancel() {
        task.cancelByUser();
      }

      @Override
      public boolean isDone() {
        return task.isDone();
      }

      @Override
      public Worker<?> worker() {
        return task;
      }
    };
  }

  /** The most recently submitted task that has not finished, or null when idle; changes on the JavaFX thread. */
  @Override
  public ReadOnlyObjectProperty<Worker<?>> activeWorkerProperty() {
    return activeWorker.getReadOnlyProperty();
  }

  /** The longest a callback held the JavaFX thread so far, and whose it was; for the log and the soak test. */
  public record Slowest(String title, long millis) {}

  /** The slowest callback yet (none: an empty title and 0 ms); read on the JavaFX thread. */
  public Slowest slowestCallback() {
    return slowest;
  }

  /**
   * Runs a callback on the JavaFX thread, timing it: whatever it does holds every pulse, so a slow one is logged
   * by name (the work's pixels belong on the pool, only the finished image here).
   */
  private void timed(String title, Runnable callback) {
    long start = System.nanoTime();
    try {
      callback.run();
    } finally {
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > slowest.millis()) {
        slowest = new Slowest(title, millis);
      }
      if (millis >= SLOW_CALLBACK_MS) {
        LOG.log(System.Logger.Level.INFO, "The JavaFX thread spent " + millis + " ms on the result of '" + title
            + "'");
      }
    }
  }

  private void finished(Task<?> task) {
    running.remove(task);
    activeWorker.set(running.isEmpty() ? null : running.get(running.size() - 1));
  }

  /** Cancels queued and running work and stops the threads; waits briefly for running work to notice. */
  public void shutdown() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown();
  }

  /** Whether {@link #shutdown()} was called. */
  public boolean isShutdown() {
    return executor.isShutdown();
  }

  /** A Task around {@link Work}, which reports progress through it. */
  private static final class WorkTask<T> extends Task<T> implements ProgressSink {
    private final String title;
    private final Work<T> work;
    private final BiConsumer<String, Runnable> onFxThread; // the runner's timed callbacks
    // Written and read on the JavaFX thread only (cancel() and the callbacks).
    private boolean cancelledByUser;

    WorkTask(String title, Work<T> work, BiConsumer<String, Runnable> onFxThread) {
      this.title = title;
      this.work = work;
      this.onFxThread = onFxThread;
      updateTitle(title);
      updateMessage(title);
    }

    @Override
    protected T call() throws Exception {
      return work.call(this);
    }

    @Override
    public void update(String message, double fraction) {
      // Task coalesces these into one JavaFX-thread update per pulse, so frequent reports are cheap.
      if (message != null) {
        updateMessage(message);
      }
      if (fraction >= 0) {
        updateProgress(Math.min(1, fraction), 1);
      } else {
        updateProgress(-1, 1);
      }
    }

    @Override
    public void publish(Runnable partialResult) {
      Platform.runLater(() -> {
        if (!cancelledByUser) {
          onFxThread.accept(title, partialResult);
        }
      });
    }

    void cancelByUser() {
      if (Platform.isFxApplicationThread()) {
        cancelledByUser = true;
      } else {
        Platform.runLater(() -> cancelledByUser = true);
      }
      // No interrupt: TensorFlow calls and atomic file writes are not interrupt-safe; work polls isCancelled().
      cancel(false);
    }
  }

  /** Named daemon threads, so a stuck task never keeps the JVM alive and thread dumps say what they are. */
  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "convlens-worker-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
