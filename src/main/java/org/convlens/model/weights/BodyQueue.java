package org.convlens.model.weights;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Receives the body on the client's threads and hands it to the downloading thread, one item at a time
 * (flow control keeps at most one chunk list waiting, whatever the file size).
 */
final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {
  static final Object END = new Object();
  private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private volatile boolean cancelled;

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.set(s);
    if (cancelled) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    items.add(buffers);
  }

  @Override
  public void onError(Throwable t) {
    items.add(t);
  }

  @Override
  public void onComplete() {
    items.add(END);
  }

  /** The next chunk list, {@link #END}, a Throwable, or null when nothing came within {@code wait}. */
  Object poll(Duration wait) throws InterruptedException {
    return items.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  void requestNext() {
    subscription.get().request(1);
  }

  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel();
    }
  }
}
