package org.convlens.ui.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class LatestOnlyTest {
  private final FxTaskRunner runner = new FxTaskRunner();
  private final List<String> shown = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startFx() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void stop() {
    runner.shutdown();
  }

  @Test
  void aSlowOlderResultNeverReplacesANewerOne() throws Exception {
    CountDownLatch releaseOld = new CountDownLatch(1);
    CountDownLatch oldFinished = new CountDownLatch(1);
    CountDownLatch oldStarted = new CountDownLatch(1);
    LatestOnly latest = WaitForAsyncUtils.asyncFx(() -> new LatestOnly(runner)).get();
    WaitForAsyncUtils.asyncFx(() -> {
      latest.submit("old", p -> {
        oldStarted.countDown();
        releaseOld.await(10, TimeUnit.SECONDS);
        oldFinished.countDown();
        return "old"; // ignores isCancelled() on purpose: the result must be dropped anyway
      }, shown::add, e -> shown.add("old failed"));
    }).get();
    assertTrue(oldStarted.await(10, TimeUnit.SECONDS)); // running, so cancelling cannot simply skip it
    WaitForAsyncUtils.asyncFx(() -> latest.submit("new", p -> "new", shown::add, e -> shown.add("new failed")))
        .get();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !shown.isEmpty());
    releaseOld.countDown();
    assertTrue(oldFinished.await(10, TimeUnit.SECONDS));
    WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    WaitForAsyncUtils.asyncFx(() -> null).get();
    assertEquals(List.of("new"), shown);
  }

  @Test
  void failuresOfStaleRequestsAreDroppedToo() throws Exception {
    LatestOnly latest = new LatestOnly(TaskRunner.direct());
    latest.<String>submit("a", p -> {
      throw new IllegalStateException("boom");
    }, shown::add, e -> shown.add("error " + e.getMessage()));
    assertEquals(List.of("error boom"), shown);

  }
}
