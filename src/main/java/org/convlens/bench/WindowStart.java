package org.convlens.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convlens.files.UserFolders;

/**
 * A cached start as a user has it: {@code java -jar convlens.jar} in a child process until its log says "First
 * results on screen" (the predictions are drawn), with the SavedModel already in the cache. The child gets folders
 * of its own (settings, logs, a cache that links to this user's unpacked TensorFlow natives), so the user's are
 * left alone; it is started twice, the first time to build its SavedModel and write its settings, and the second,
 * a returning user's start, is the figure. It needs a display: {@code DISPLAY}, or an {@code Xvfb} this starts.
 */
final class WindowStart {
  static final String FIRST_RESULTS = "First results on screen";
  private static final Pattern UPTIME = Pattern.compile(FIRST_RESULTS + " (\\d+) ms");
  private static final long TIMEOUT_MS = 180_000;

  /**
   * One start.
   *
   * @param wallMs from starting the child process to the log line
   * @param jvmUptimeMs what the app logged: from the JVM's start to the predictions drawn
   */
  record Result(double wallMs, long jvmUptimeMs) {}

  private final Path work;
  private final List<String> weightsArgs;

  /**
   * @param work a folder for the child's settings, logs and cache
   * @param weightsArgs the app's own options for the bench's weights ({@code --weights FILE} or {@code --untrained})
   */
  WindowStart(Path work, List<String> weightsArgs) {
    this.work = work;
    this.weightsArgs = List.copyOf(weightsArgs);
  }

  /** The number of {@code "First results on screen 1234 ms ..."} in a log line, or -1. */
  static long uptimeIn(String logLine) {
    Matcher m = UPTIME.matcher(logLine);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Starts the window twice (build, then cached) and returns the cached start; throws with the reason why not. */
  Result measure() throws IOException, InterruptedException {
    Path cache = Files.createDirectories(work.resolve("cache"));
    Path natives = UserFolders.cacheRoot().resolve("tensorflow-natives");
    if (Files.isDirectory(natives) && !Files.exists(cache.resolve("tensorflow-natives"))) {
      Files.createSymbolicLink(cache.resolve("tensorflow-natives"), natives.toAbsolutePath());
    }
    String display = System.getenv("DISPLAY");
    Process xvfb = null;
    try {
      if (display == null || display.isBlank()) {
        xvfb = startXvfb();
        display = ":" + readLine(xvfb, "Xvfb did not report its display");
      }
      once(cache, display, "build");
      return once(cache, display, "cached");
    } finally {
      if (xvfb != null) {
        xvfb.destroy();
        xvfb.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Result once(Path cache, String display, String name) throws IOException, InterruptedException {
    Path logs = work.resolve("logs-" + name);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + UserFolders.CONFIG_DIR_PROPERTY + "=" + work.resolve("config"), // the second start: a returning user
        "-D" + UserFolders.CACHE_DIR_PROPERTY + "=" + cache,
        "-D" + UserFolders.LOG_DIR_PROPERTY + "=" + logs));
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      cmd.addAll(List.of("-jar", classPath)); // as users start it
    } else {
      cmd.addAll(List.of("-cp", classPath, "org.convlens.Main")); // from the build's classes (tests)
    }
    cmd.addAll(weightsArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(work.resolve("out-" + name + ".txt").toFile());
    pb.environment().put("DISPLAY", display);
    Path log = logs.resolve("convlens.log");
    long start = System.nanoTime();
    Process child = pb.start();
    try {
      while (System.nanoTime() - start < TIMEOUT_MS * 1_000_000) {
        long uptime = Files.exists(log) ? Files.readAllLines(log).stream().mapToLong(WindowStart::uptimeIn)
            .filter(ms -> ms >= 0).findFirst().orElse(-1) : -1;
        if (uptime >= 0) {
          return new Result((System.nanoTime() - start) / 1e6, uptime);
        }
        if (!child.isAlive()) {
          throw new IOException("the window (" + name + " start) exited with " + child.exitValue() + " before its "
              + "first results; see " + work.resolve("out-" + name + ".txt"));
        }
        Thread.sleep(10);
      }
      throw new IOException("no first results within " + TIMEOUT_MS / 1000 + " s (" + name + " start)");
    } finally {
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** An X server of our own; {@code -displayfd 1} makes it print its display number once it accepts clients. */
  private static Process startXvfb() throws IOException {
    try {
      return new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IOException("no display: DISPLAY is not set and Xvfb is not installed (Debian: xvfb)", e);
    }
  }

  private static String readLine(Process p, String failure) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || line.isBlank()) {
      throw new IOException(failure);
    }
    return line.trim();
  }
}
