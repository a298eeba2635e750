package org.convlens.ui;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the JavaFX thread's pulses during a soak: the longest gap between two, how many gaps passed a bound
 * and how many of those overlap a garbage collection's pause (which stops every thread: not our code's doing).
 * With {@code -Dconvlens.soak.sampleStacks=true} it also samples what the JavaFX thread is doing while a pulse is
 * late, to trace a long gap to our code or JavaFX's own layout, CSS and rendering. Off by default: each sample is
 * a safepoint, which on a loaded machine can itself hold every thread for tens of milliseconds.
 *
 * <p>{@link #start()} and {@link #stop()} on the JavaFX thread.
 */
final class PulseWatch {
  /** A pulse this late gets its JavaFX thread sampled. */
  private static final long LATE_NANOS = 40_000_000;
  private static final long SAMPLE_MILLIS = 5;
  private static final boolean SAMPLE_STACKS = Boolean.getBoolean("convlens.soak.sampleStacks");

  private final long boundNanos;
  private final AtomicLong last = new AtomicLong();
  private final AtomicLong maxGap = new AtomicLong();
  private final AtomicBoolean measuring = new AtomicBoolean(true);
  /** Start and end (JVM uptime, ms) of each gap over the bound. */
  private final List<long[]> longGaps = new ArrayList<>();
  private final Map<String, Integer> lateSamples = new HashMap<>();
  /** Start and end (JVM uptime, ms) of each garbage collection pause seen, for the gaps to be checked against. */
  private final List<long[]> gcPauses = new ArrayList<>();
  private final NotificationListener gcListener = (notification, handback) -> gcPause(notification);
  private Thread fxThread;
  private Thread sampler;
  private final AnimationTimer timer = new AnimationTimer() {
    @Override
    public void handle(long now) {
      pulse(now);
    }
  };

  /** Counts and lists the gaps longer than {@code boundMillis}. */
  PulseWatch(long boundMillis) {
    this.boundNanos = boundMillis * 1_000_000;
  }

  void start() {
    fxThread = Thread.currentThread();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null);
    }
    timer.start();
    if (SAMPLE_STACKS) {
      sampler = new Thread(this::sample, "pulse-watch");
      sampler.setDaemon(true);
      sampler.start();
    }
  }

  void stop() {
    timer.stop();
    if (sampler != null) {
      sampler.interrupt();
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(gcListener);
      } catch (ListenerNotFoundException e) {
        // never added
      }
    }
  }

  /** Stops counting (our own System.gc() stops every thread: not the JavaFX thread's fault) until resumed. */
  void pause() {
    measuring.set(false);
  }

  /** Counts again from the next pulse; call on the JavaFX thread so the paused gap is never counted. */
  void resume() {
    last.set(0);
    measuring.set(true);
  }

  /** Forgets the warm-up: gaps from here on count. */
  synchronized void reset() {
    maxGap.set(0);
    longGaps.clear();
    lateSamples.clear();
  }

  long maxGapMillis() {
    return maxGap.get() / 1_000_000;
  }

  synchronized int overBound() {
    return longGaps.size();
  }

  /** How many of {@link #overBound()} overlap a garbage collection's pause (notified after it: ask at the end). */
  synchronized int overBoundInGc() {
    return (int) longGaps.stream().filter(this::inGc).count();
  }

  private boolean inGc(long[] gap) {
    return gcPauses.stream().anyMatch(p -> p[0] <= gap[1] && p[1] >= gap[0]);
  }

  /** The gaps over the bound (JVM uptime at their end and length) and the commonest late stacks. */
  synchronized String report() {
    StringBuilder out = new StringBuilder();
    out.append("gaps over ").append(boundNanos / 1_000_000).append(" ms (JVM uptime at their end; GC: during a "
        + "garbage collection's pause): ")
        .append(longGaps.isEmpty() ? "none" : String.join(", ", longGaps.stream()
            .map(g -> g[1] + ":" + (g[1] - g[0]) + "ms" + (inGc(g) ? " GC" : "")).toList()));
    if (!SAMPLE_STACKS) {
      return out.toString();
    }
    out.append("\n  the JavaFX thread while a pulse was late (").append(SAMPLE_MILLIS).append(" ms samples):");
    lateSamples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
        .forEach(e -> out.append("\n    ").append(e.getValue()).append(" x ").append(e.getKey()));
    return out.toString();
  }

  private synchronized void pulse(long now) {
    if (!measuring.get()) {
      last.set(0);
      return;
    }
    long previous = last.getAndSet(now);
    if (previous == 0) {
      return;
    }
    long gap = now - previous;
    maxGap.accumulateAndGet(gap, Math::max);
    if (gap > boundNanos) {
      long end = ManagementFactory.getRuntimeMXBean().getUptime();
      longGaps.add(new long[] {end - gap / 1_000_000, end});
    }
  }

  private synchronized void gcPause(Notification n) {
    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    if (gc.getGcCause().equals("System.gc()")) {
      return; // the soak's own, made while paused: close to the next gap, and never the app's doing
    }
    GcInfo info = gc.getGcInfo();
    gcPauses.add(new long[] {info.getStartTime(), info.getEndTime()});
  }

  private void sample() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(SAMPLE_MILLIS);
        long previous = last.get();
        if (measuring.get() && previous != 0 && System.nanoTime() - previous > LATE_NANOS) {
          String key = describe(fxThread.getStackTrace());
          synchronized (this) {
            lateSamples.merge(key, 1, Integer::sum);
          }
        }
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  /** The top frame, and our own innermost frame with the two callers above it: enough to name the work. */
  private static String describe(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return "(no stack)";
    }
    List<String> ours = new ArrayList<>();
    for (StackTraceElement f : stack) {
      if (f.getClassName().startsWith("org.convlens") && ours.size() < 3) {
        ours.add(f.getClassName().replace("org.convlens.", "") + "." + f.getMethodName() + ":" + f.getLineNumber());
      }
    }
    String top = stack[0].getClassName() + "." + stack[0].getMethodName();
    String mid = "";
    for (StackTraceElement f : stack) { // the first JavaFX frame names layout, CSS or rendering
      if (f.getClassName().startsWith("javafx.") || f.getClassName().startsWith("com.sun.javafx")) {
        mid = f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName();
        break;
      }
    }
    return top + " | " + mid + (ours.isEmpty() ? "" : " | " + String.join(" < ", ours));
  }
}
