package org.convlens.ui.settings;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Writes settings on a thread of its own: the settings change with every image opened, and an atomic write (a
 * temporary file, a rename) can take tens of milliseconds on a busy disk, which the JavaFX thread must not wait
 * for. Only the newest settings matter, so changes that arrive while a write is queued are written together, in
 * order. {@link #close()} writes what is still pending before it returns; saves after it are written at once.
 */
public final class SettingsSaver implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SettingsSaver.class.getName());

  private final SettingsStore store;
  private final Consumer<Exception> onFirstFailure;
  private final AtomicReference<Settings> pending = new AtomicReference<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "convlens-settings");
    t.setDaemon(true);
    return t;
  });
  /** Whether the last write failed, so a failing disk is reported once rather than on every change. */
  private volatile boolean failing;

  /**
   * @param onFirstFailure told of a failed write (on the writer's thread), once until a write succeeds again
   */
  public SettingsSaver(SettingsStore store, Consumer<Exception> onFirstFailure) {
    this.store = store;
    this.onFirstFailure = onFirstFailure;
  }

  /** Saves {@code settings} soon; returns at once. */
  public void save(Settings settings) {
    if (pending.getAndSet(settings) != null) {
      return; // a write is queued and will take these
    }
    try {
      writer.execute(this::writePending);
    } catch (RejectedExecutionException closed) {
      writePending(); // after close(): the app is stopping, so nothing waits on this thread any more
    }
  }

  /** Writes what is pending and stops the writer. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "Settings still being written to " + store.file() + " after 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writePending();
  }

  private synchronized void writePending() {
    Settings settings = pending.getAndSet(null);
    if (settings == null) {
      return;
    }
    try {
      store.save(settings);
      failing = false;
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Settings not saved to " + store.file(), e);
      if (!failing) {
        failing = true;
        onFirstFailure.accept(e);
      }
    }
  }
}
