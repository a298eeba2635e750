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
import java.util.stream.Collectors;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.convlens.inference.ModelService;
import org.convlens.pipeline.Analysis;
import org.convlens.testing.LogLines;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.viz.Colormap;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An all-day session in small: the window opens image after image while the tabs, the view options and the
 * Layers tab's layer change, then a burst of images cancels each other's work. No error reaches the user, the
 * JavaFX thread keeps answering, the heap and the process stay flat, and the model's native arrays return to
 * their baseline. It prints the memory curve (every 10 images), whether it is flat ({@link Flatness}), the longest
 * pulse gap, the gaps over 100 ms (and which fell in a garbage collection) and the slowest work of ours on the
 * JavaFX thread.
 *
 * <p>{@code -Dconvlens.soak.images=300} for the full length (default 40: 12 to warm up, 28 measured; from 100
 * measured the curves must pass {@link Flatness}); {@code -Dconvlens.soak.maxGapMs=100} for issue 13's bound on
 * the pulses; {@code -Dconvlens.soak.sampleStacks=true} to see what the JavaFX thread does while a pulse is late.
 */
class SoakTest {
  private static final int IMAGES = Integer.getInteger("convlens.soak.images", 40);
  /**
   * Issue 13 promises no pulse gap over 100 ms; {@code -Dconvlens.soak.maxGapMs=100} asserts it. The default run
   * shares CI's cores with other builds, where the scheduler alone delays a pulse by a few hundred milliseconds:
   * it asserts only that nothing freezes, and prints the longest gap and the count over 100 ms either way.
   */
  /** From this many measured images on, the curves must pass {@link Flatness}; shorter runs are too noisy for it. */
  private static final int FLATNESS_FROM = 100;
  /** FxTaskRunner logs a result's callback this slow (its SLOW_CALLBACK_MS). */
  private static final int FX_SLOW_MS = 50;
  private static final long MAX_GAP_MS = Long.getLong("convlens.soak.maxGapMs", 1000);
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
    LogLines slowCallbacks = new LogLines(FxTaskRunner.class); // each of our results that held the JavaFX thread
    try {
      waitFor(120, () -> vm.getAnalysis() != null);
      ModelService model = vm.getAnalyzer().model();
      PulseWatch pulses = new PulseWatch(100);
      long[] slowestAction = {0}; // the test's own clicks: a tab switch, an option, an image opened
      List<String> curve = new ArrayList<>();
      List<Long> heap = new ArrayList<>();
      List<Long> nativeBytes = new ArrayList<>();
      List<Long> retained = new ArrayList<>();
      int arraysBaseline = 0;
      int warmUpCallbacks = 0;
      runFx(pulses::start);
      long started = System.nanoTime();
      for (int i = 0; i < IMAGES; i++) {
        int n = i;
        Analysis before = vm.getAnalysis();
        runFx(() -> {
          long start = System.nanoTime();
          window.selectTab(TABS.get(n % TABS.size()));
          if (n % 3 == 0) {
            vm.mosaicOptionsProperty().set(vm.mosaicOptionsProperty().get()
                .withColormap(Colormap.values()[n % Colormap.values().length]));
          }
          window.controller().openImage(UiTestSupport.SAMPLES.resolve(SAMPLES.get(n % SAMPLES.size())));
          slowestAction[0] = Math.max(slowestAction[0], (System.nanoTime() - start) / 1_000_000);
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
          pulses.reset();
          warmUpCallbacks = slowCallbacks.lines().size(); // from here on: the session, not its first views
        }
        if (i >= WARM_UP - 1) {
          pulses.pause();
          long used = usedHeapAfterGc();
          // Resident memory less the Java heap's committed size: what TensorFlow and the JVM hold outside the heap,
          // first as the allocator keeps it, then after handing its free pages back (malloc_trim), which leaves what
          // is in use: a leak shows in the second, while the first also wanders with the allocator's caching.
          long kept = outsideHeap();
          boolean trimmed = trimNativeHeap();
          long outside = trimmed ? outsideHeap() : kept;
          runFx(pulses::resume);
          heap.add(used);
          nativeBytes.add(outside);
          retained.add(kept);
          if ((i + 1) % 10 == 0 || i == IMAGES - 1) {
            curve.add(i + 1 + " images: heap " + used / 1_000_000 + " MB, outside the heap " + kept / 1_000_000
                + " MB, after a trim " + (trimmed ? outside / 1_000_000 + " MB" : "(no trim in this JVM)")
                + ", native arrays " + model.liveNativeArrays());
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
      long seconds = (System.nanoTime() - started) / 1_000_000_000;
      System.out.println("soak, " + IMAGES + " images + a burst of 12 in " + seconds + " s, load average "
          + loadAverage() + ": longest pulse gap " + pulses.maxGapMillis() + " ms, "
          + pulses.overBound() + " over 100 ms (" + pulses.overBoundInGc() + " during a garbage collection); growth "
          + "(mean of the last 10 samples against the first 10): heap " + heapGrowth / 1_000_000 + " MB, outside "
          + "the heap after a trim " + nativeGrowth / 1_000_000 + " MB\n  " + String.join("\n  ", curve)
          + "\n  (outside the heap: " + (heapRange() == null ? "resident memory less the committed heap)"
              : "resident memory less the heap's resident pages)") + "\n  every sample after a trim, MB: "
          + nativeBytes.stream().map(b -> String.valueOf(b / 1_000_000)).collect(Collectors.joining(" "))
          + "\n  heap: " + Flatness.of(heap) + "\n  outside the heap after a trim: " + Flatness.of(nativeBytes)
          + "\n  outside the heap as the allocator keeps it: " + Flatness.of(retained)
          + "\n  on the JavaFX thread: slowest task result " + onFx(tasks::slowestCallback) + "; after the warm-up "
          + (slowCallbacks.lines().size() - warmUpCallbacks) + " results took over " + FX_SLOW_MS + " ms: "
          + slowCallbacks.lines().stream().skip(warmUpCallbacks).limit(8)
              .map(l -> l.replace("INFO The JavaFX thread spent ", ""))
              .collect(Collectors.joining("; "))
          + ", slowest user action (tab, option, open) " + slowestAction[0] + " ms\n  " + pulses.report());

      assertEquals(List.of(), onFx(() -> window.notifications().shown().stream()
          .filter(c -> c.getStyleClass().contains("notification-error")).map(Object::toString).toList()));
      assertEquals(arraysBaseline, model.liveNativeArrays(), "native arrays back to their baseline");
      // A leak of one mosaic per image (12 MB for ResNet's conv1) would add over 200 MB between the two sets of ten.
      assertTrue(heapGrowth < 64_000_000, "heap grew " + heapGrowth + " bytes");
      assertTrue(nativeGrowth < 150_000_000, "memory outside the heap grew " + nativeGrowth + " bytes");
      if (heap.size() >= FLATNESS_FROM) {
        assertTrue(Flatness.of(heap).flat(), "heap: " + Flatness.of(heap));
        // What glibc keeps for reuse is not a leak; it rose 40 MB over 300 images and levelled off (issue 13 note).
        assertTrue(Flatness.of(nativeBytes).flat(), "outside the heap after a trim: " + Flatness.of(nativeBytes));
      }
      assertTrue(pulses.maxGapMillis() <= MAX_GAP_MS, "the JavaFX thread stopped for " + pulses.maxGapMillis()
          + " ms (bound " + MAX_GAP_MS + " ms)\n  " + pulses.report());
    } finally {
      slowCallbacks.close();
      tasks.shutdown();
      runFx(() -> window.controller().close());
      FxToolkit.cleanupStages();
    }
  }

  private static String loadAverage() {
    return String.format(java.util.Locale.ROOT, "%.1f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
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

  /**
   * Resident memory outside the Java heap: TensorFlow, the allocator, metaspace, code, threads. The heap's own
   * resident pages are subtracted, not its committed size: committed pages count in RSS only once first touched, so
   * RSS less committed size rises for a while with no leak at all.
   */
  private static long outsideHeap() {
    long[] heap = heapRange();
    if (heap == null) {
      return residentBytes() - ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
    long heapResident = 0;
    long total = 0;
    try {
      long start = 0;
      long end = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
        java.util.regex.Matcher mapping = MAPPING.matcher(line);
        if (mapping.lookingAt()) {
          start = Long.parseUnsignedLong(mapping.group(1), 16);
          end = Long.parseUnsignedLong(mapping.group(2), 16);
        } else if (line.startsWith("Rss:")) {
          long bytes = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          total += bytes;
          if (start >= heap[0] && end <= heap[1]) {
            heapResident += bytes;
          }
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return residentBytes() - ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
    return total - heapResident;
  }

  /** A mapping's first line in /proc/PID/smaps: "7f1c00000000-7f1c04000000 rw-p ...". */
  private static final java.util.regex.Pattern MAPPING = java.util.regex.Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");

  /** The Java heap's reserved address range, from {@code jcmd PID GC.heap_info}; null where it cannot be read. */
  private static long[] heapRange() {
    try {
      String info = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)")
          .matcher(info);
      return m.find() && Files.isReadable(Path.of("/proc/self/smaps"))
          ? new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)} : null;
    } catch (javax.management.JMException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Asks the C allocator to return its free pages to the system ({@code jcmd PID System.trim_native_heap}, in
   * HotSpot 17.0.9 and later); false where the JVM has no such command.
   */
  private static boolean trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      return true;
    } catch (javax.management.JMException | RuntimeException e) {
      return false;
    }
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
