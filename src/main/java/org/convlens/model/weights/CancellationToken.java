package org.convlens.model.weights;

import java.util.concurrent.CancellationException;

/**
 * A flag another thread sets to stop a long operation, such as a download the user no longer wants. The
 * operation polls it often (a download at least every 100 ms, even while the network is silent), so
 * cancelling takes effect promptly without interrupting anyone's thread.
 */
public final class CancellationToken {
  private volatile boolean cancelled;

  /** Asks the operation to stop; it then throws {@link CancellationException}. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Throws {@link CancellationException} when cancelled. */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new CancellationException("cancelled");
    }
  }
}
