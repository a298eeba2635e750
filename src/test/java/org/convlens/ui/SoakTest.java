package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.convlens.inference.ModelService;
import org.convlens.pipeline.Analysis;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.viz.Colormap;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An all-day session in small: the window opens image after image while the tabs, the view options and the
 * Layers tab's layer change, then a burst of images cancels each other's work. No error reaches the user, the
 * JavaFX thread keeps answering, the heap and the process stay flat, and the model's native arrays return to
 * their baseline. {@code -Dconvlens.soak.images=300} for the full length (default 40: 12 to warm up, 28 measured).
 */
class SoakTest {
  private static final int IMAGES = Integer.getInteger("convlens.soak.images", 40);
  private static final List<String> SAMPLES = List.of("chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg");
  private static final List<String> TABS = List.of("Feature maps", "Layers", "Filters", "Model");
  /** Three rounds of the four tabs: every view drawn and the Layers tab's all-layers signature loaded. */
  private static final int WARM_UP = 12;

  @Test
  void imageAfterImageWithEveryViewInUseStaysFlatAndFreesItsNativeMemory() throws Exception {
    Path config = Files.createTempDirectory("convlens-soak");
    FxToolkit.registerPrimaryStage();
    FxTaskRunner tasks = new FxTaskRunner();
    MainWindow[] holder = new MainWindow[1];
    FxToolkit.setupFixture(() -> {
      holder[0] = new MainWindow(new Stage(), UiTestSupport.untrained(config), tasks);
      holder[0].show();
    });
    MainWindow window = holder[0];
    MainViewModel vm = window.controller().viewModel();
    try {
      waitFor(120, () -> vm.getAnalysis() != null);
      ModelService model = vm.getAnalyzer().model();
      AtomicLong last = new AtomicLong();
      AtomicLong maxGap = new AtomicLong();
      AtomicBoolean measuring = new AtomicBoolean(true);
      AnimationTimer pulses = new AnimationTimer() {
        @Override
        public void handle(long now) {
          if (!measuring.get()) { // our own System.gc() stops every thread: not the JavaFX thread's fault
            last.set(0);
            return;
          }
          long previous = last.getAndSet(now);
          if (previous != 0) {
            maxGap.accumulateAndGet(now - previous, Math::max);
          }
        }
      };
      List<String> curve = new ArrayList<>();
      List<Long> heap = new ArrayList<>();
      List<Long> nativeBytes = new ArrayList<>();
      int arraysBaseline = 0;
      runFx(pulses::start);
      for (int i = 0; i < IMAGES; i++) {
        int n = i;
        Analysis before = vm.getAnalysis();
        runFx(() -> {
          window.selectTab(TABS.get(n % TABS.size()));
          if (n % 3 == 0) {
            vm.mosaicOptionsProperty().set(vm.mosaicOptionsProperty().get()
                .withColormap(Colormap.values()[n % Colormap.values().length]));
          }
          window.controller().openImage(UiTestSupport.SAMPLES.resolve(SAMPLES.get(n % SAMPLES.size())));
        });
        waitFor(60, () -> vm.getAnalysis() != before);
        if (n % 4 == 1) { // on the Layers tab: compute a layer that is not in the default outputs
          runFx(() -> {
            ListView<?> list = (ListView<?>) window.tabPane().getScene().lookup("#layersList");
            list.getSelectionModel().select(10 + (n / 4) % 3); // three layers, all met during the warm-up
          });
        }
        waitFor(60, () -> tasks.activeWorkerProperty().get() == null);
        if (i == WARM_UP - 1) { // every tab and the all-layers signature used: what the session grows from
          arraysBaseline = model.liveNativeArrays();
          maxGap.set(0);
        }
        if (i >= WARM_UP - 1) {
          measuring.set(false);
          long used = usedHeapAfterGc();
          // Resident memory less the Java heap's committed size: what TensorFlow and the JVM hold outside the heap.
          long outside = residentBytes() - ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
          runFx(() -> measuring.set(true));
          heap.add(used);
          nativeBytes.add(outside);
          if (i % 10 == 0 || i == IMAGES - 1) {
            curve.add(i + 1 + " images: heap " + used / 1_000_000 + " MB, outside the heap " + outside / 1_000_000
                + " MB, native arrays " + model.liveNativeArrays());
          }
        }
      }
      // A burst: each new image cancels the work of the one before.
      for (int i = 0; i < 12; i++) {
        int n = i;
        runFx(() -> window.controller().openImage(UiTestSupport.SAMPLES.resolve(SAMPLES.get(n % SAMPLES.size()))));
      }
      waitFor(120, () -> tasks.activeWorkerProperty().get() == null);
      WaitForAsyncUtils.waitForFxEvents();
      runFx(pulses::stop);
      // Both wander from image to image (the allocator, images awaiting disposal); a leak shows as a trend, so the
      // last ten samples are compared with the first ten after the warm-up.
      long heapGrowth = trend(heap);
      long nativeGrowth = trend(nativeBytes);
      System.out.println("soak, " + IMAGES + " images + a burst of 12: longest pulse gap "
          + maxGap.get() / 1_000_000 + " ms; growth (mean of the last 10 samples against the first 10): heap "
          + heapGrowth / 1_000_000 + " MB, outside the heap " + nativeGrowth / 1_000_000 + " MB\n  "
          + String.join("\n  ", curve));

      assertEquals(List.of(), onFx(() -> window.notifications().shown().stream()
          .filter(c -> c.getStyleClass().contains("notification-error")).map(Object::toString).toList()));
      assertEquals(arraysBaseline, model.liveNativeArrays(), "native arrays back to their baseline");
      // A leak of one mosaic per image (12 MB for ResNet's conv1) would add over 200 MB between the two sets of ten.
      // Measured here outside the heap: about 1.3 MB more per image over 150 images (an open question, noted in
      // issue 13), which 28 images keep well under this bound.
      assertTrue(heapGrowth < 64_000_000, "heap grew " + heapGrowth + " bytes");
      assertTrue(nativeGrowth < 150_000_000, "memory outside the heap grew " + nativeGrowth + " bytes");
      // A freeze shows as seconds; a busy machine (CI, or other builds beside it) delays a pulse by a few hundred
      // milliseconds. The 100 ms promise is held by MainWindowTest's best-of-three check on a quiet pass.
      assertTrue(maxGap.get() / 1_000_000 < 1000, "the JavaFX thread stopped for " + maxGap.get() / 1_000_000 + " ms");
    } finally {
      tasks.shutdown();
      runFx(() -> window.controller().close());
      FxToolkit.cleanupStages();
    }
  }

  private static long trend(List<Long> samples) {
    int k = Math.min(10, samples.size() / 2);
    return mean(samples.subList(samples.size() - k, samples.size())) - mean(samples.subList(0, k));
  }

  private static long mean(List<Long> values) {
    return (long) values.stream().mapToLong(Long::longValue).average().orElse(0);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return usedHeap();
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The process's resident memory (Linux); 0 elsewhere, which makes that check pass vacuously there. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }
}
