package org.convlens.ui.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class FxTaskRunnerTest {
  private final FxTaskRunner runner = new FxTaskRunner();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startFx() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void stop() {
    runner.shutdown();
  }

  private <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  @Test
  void resultArrivesOnTheFxThreadFromANamedDaemonWorker() throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    fx(() -> runner.submit("work", p -> {
      worker.set(Thread.currentThread());
      return 42;
    }, r -> events.add("ok " + r + " fx=" + Platform.isFxApplicationThread()), e -> events.add("failed")));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !events.isEmpty());
    assertEquals(List.of("ok 42 fx=true"), events);
    assertTrue(worker.get().getName().startsWith("convlens-worker-"), worker.get().getName());
    assertTrue(worker.get().isDaemon());
  }

  @Test
  void aPartialResultReachesTheFxThreadWhileTheWorkGoesOnAndBeforeItsEnd() throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    fx(() -> runner.submit("two steps", p -> {
      p.publish(() -> {
        events.add("partial fx=" + Platform.isFxApplicationThread());
        seen.countDown();
      });
      // The work goes on only once the JavaFX thread has the partial result: it does not wait for the end.
      assertTrue(seen.await(10, TimeUnit.SECONDS), "the partial result never arrived");
      p.publish(() -> events.add("second"));
      return "done";
    }, r -> events.add("ok " + r), e -> events.add("failed " + e)));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> events.size() == 3);
    assertEquals(List.of("partial fx=true", "second", "ok done"), events);
  }

  @Test
  void aPartialResultOfCancelledWorkIsDropped() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch published = new CountDownLatch(1);
    TaskRunner.Handle handle = fx(() -> runner.submit("cancelled", p -> {
      assertTrue(cancelled.await(10, TimeUnit.SECONDS));
      p.publish(() -> events.add("partial"));
      published.countDown();
      return 1;
    }, r -> events.add("ok"), e -> events.add("failed")));
    fx(() -> {
      handle.cancel();
      return null;
    });
    cancelled.countDown();
    assertTrue(published.await(10, TimeUnit.SECONDS));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(), events);
  }

  @Test
  void theSlowestCallbackOnTheFxThreadIsNamedAndLogged() throws Exception {
    try (org.convlens.testing.LogLines log = new org.convlens.testing.LogLines(FxTaskRunner.class)) {
      fx(() -> runner.submit("quick", p -> 1, r -> { }, e -> { }));
      fx(() -> runner.submit("drawing a huge mosaic", p -> 2, r -> sleep(FxTaskRunner.SLOW_CALLBACK_MS + 30),
          e -> { }));
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> runner.activeWorkerProperty().get() == null));
      FxTaskRunner.Slowest slowest = fx(runner::slowestCallback);
      assertEquals("drawing a huge mosaic", slowest.title());
      assertTrue(slowest.millis() >= FxTaskRunner.SLOW_CALLBACK_MS + 30, slowest.toString());
      assertEquals(List.of("INFO The JavaFX thread spent " + slowest.millis() + " ms on the result of 'drawing a huge "
          + "mosaic'"), log.lines());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void workSubmittedAfterShutdownIsDroppedQuietly() throws Exception {
    runner.shutdown();
    AtomicBoolean ran = new AtomicBoolean();
    TaskRunner.Handle handle = fx(() -> runner.submit("late", p -> {
      ran.set(true);
      return 1;
    }, r -> events.add("ok"), e -> events.add("failed")));
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(ran.get());
    assertTrue(events.isEmpty(), events.toString());
    assertTrue(handle.isDone());
  }

  @Test
  void errorsReachOnFailure() throws Exception {
    IOException boom = new IOException("disk on fire");
    AtomicReference<Throwable> seen = new AtomicReference<>();
    fx(() -> runner.submit("work", p -> {
      throw boom;
    }, r -> events.add("ok"), seen::set));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> seen.get() != null);
    assertSame(boom, seen.get());
    assertTrue(events.isEmpty());
  }

  @Test
  void cancellingRunningWorkPreventsBothCallbacksAndTellsTheWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Boolean> sawCancel = new AtomicReference<>();
    TaskRunner.Handle handle = fx(() -> runner.submit("slow", p -> {
      started.countDown();
      release.await(10, TimeUnit.SECONDS);
      sawCancel.set(p.isCancelled());
      return "late";
    }, r -> events.add("ok"), e -> events.add("failed")));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    fx(() -> {
      handle.cancel();
      return null;
    });
    release.countDown();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sawCancel.get() != null);
    fx(() -> null); // let any callback already queued run
    WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    fx(() -> null);
    assertTrue(sawCancel.get());
    assertTrue(events.isEmpty(), events.toString());
  }

  @Test
  void cancellingAfterTheWorkFinishedButBeforeItsCallbackStillDropsTheResult() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    fx(() -> {
      TaskRunner.Handle h = runner.submit("fast", p -> "result", r -> events.add("ok"), e -> events.add("failed"));
      // The work finishes while this runnable still holds the JavaFX thread, so its callback is queued behind us.
      runner.submit("marker", p -> {
        done.countDown();
        return null;
      }, r -> { }, e -> { });
      try {
        done.await(5, TimeUnit.SECONDS);
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      h.cancel();
      return null;
    });
    WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
    fx(() -> null);
    assertTrue(events.isEmpty(), events.toString());
  }

  @Test
  void theStatusBarSeesTheRunningWorkAndItsProgressThenNothing() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    fx(() -> runner.submit("Counting", p -> {
      p.update("Half way", 0.5);
      reported.countDown();
      release.await(10, TimeUnit.SECONDS);
      return 1;
    }, r -> events.add("ok"), e -> events.add("failed")));
    assertTrue(reported.await(10, TimeUnit.SECONDS));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> {
      Worker<?> w = runner.activeWorkerProperty().get();
      return w != null && "Half way".equals(w.getMessage()) && w.getProgress() == 0.5;
    }));
    assertNotNull(fx(() -> runner.activeWorkerProperty().get()));
    release.countDown();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !events.isEmpty());
    assertNull(fx(() -> runner.activeWorkerProperty().get()));
  }

  @Test
  void atMostTwoRunAtOnceAndShutdownStopsTheThreads() throws Exception {
    AtomicReference<Integer> peak = new AtomicReference<>(0);
    java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(6);
    fx(() -> {
      for (int i = 0; i < 6; i++) {
        runner.submit("n", p -> {
          threads.add(Thread.currentThread());
          int n = now.incrementAndGet();
          peak.accumulateAndGet(n, Math::max);
          Thread.sleep(50);
          now.decrementAndGet();
          return null;
        }, r -> all.countDown(), e -> all.countDown());
      }
      return null;
    });
    assertTrue(all.await(10, TimeUnit.SECONDS));
    assertEquals(FxTaskRunner.DEFAULT_THREADS, peak.get());
    runner.shutdown();
    assertTrue(runner.isShutdown());
    assertEquals(FxTaskRunner.DEFAULT_THREADS, threads.size());
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> threads.stream().noneMatch(Thread::isAlive));
  }
}
