package org.convlens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a bug report needs, as plain text: versions, OS, CPU and memory, the state of the caches and the last
 * warnings and errors from the log. Help > Copy diagnostics puts it on the clipboard.
 */
public final class Diagnostics {
  /** How many of the log's last warnings and errors the report carries. */
  static final int LAST_PROBLEMS = 10;

  private Diagnostics() {}

  /**
   * Exceptions that mean a bug rather than a problem with the user's files or machine: their texts are for
   * programmers ("Cannot invoke ... because ... is null"), so people get {@link #internalError(String)} and the
   * log the rest.
   */
  public static boolean isInternal(Throwable e) {
    return e instanceof Error || e instanceof NullPointerException || e instanceof IllegalStateException
        || e instanceof IndexOutOfBoundsException || e instanceof ClassCastException
        || e instanceof ArithmeticException || e instanceof UnsupportedOperationException;
  }

  /**
   * What people read instead of a bug's own words: what could not be done and where the details are.
   *
   * @param doing what ConvLens was doing, as it ends "ConvLens could not ...": "open cat.png", "export the views"
   */
  public static String internalError(String doing) {
    return "ConvLens could not " + doing + " (" + internalErrorDetail() + ")";
  }

  /** The words of {@link #internalError} after what could not be done, for a line that already says that. */
  public static String internalErrorDetail() {
    return "internal error; details in the log at " + org.convlens.files.UserFolders.logFile();
  }

  /** The report for this machine and run. */
  public static String report(Path cacheRoot, Path logFile) {
    Runtime rt = Runtime.getRuntime();
    return report(Versions.load(), System.getProperties(), rt.availableProcessors(), rt.maxMemory(), cacheRoot,
        logFile);
  }

  static String report(Versions versions, Properties sys, int cpus, long maxHeap, Path cacheRoot, Path logFile) {
    List<String> lines = new ArrayList<>(List.of(versions.lines()));
    lines.add("OS: " + sys.getProperty("os.name") + " " + sys.getProperty("os.version") + " ("
        + sys.getProperty("os.arch") + "), " + cpus + " CPUs, Java heap up to " + maxHeap / (1 << 20) + " MB");
    lines.add("Java: " + sys.getProperty("java.vm.name") + " " + sys.getProperty("java.version"));
    lines.add("Cache: " + cacheRoot);
    lines.add("  TensorFlow natives: " + describeFolder(cacheRoot.resolve("tensorflow-natives")));
    lines.add("  built models (SavedModels): " + describeFolder(cacheRoot.resolve("savedmodels")));
    lines.add("Log: " + logFile);
    List<String> problems = lastProblems(logFile);
    lines.add(problems.isEmpty() ? "Last warnings and errors: none" : "Last warnings and errors:");
    problems.forEach(p -> lines.add("  " + p));
    return String.join("\n", lines) + "\n";
  }

  /** The log's last warning and error lines, oldest first; empty when there is no log yet. */
  static List<String> lastProblems(Path logFile) {
    if (!Files.isRegularFile(logFile)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
      List<String> problems = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
      return problems.subList(Math.max(0, problems.size() - LAST_PROBLEMS), problems.size());
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of("(the log could not be read: " + e.getMessage() + ")");
    }
  }

  private static String describeFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      return "none";
    }
    try (Stream<Path> entries = Files.list(folder); Stream<Path> all = Files.walk(folder)) {
      long count = entries.count();
      long bytes = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      return String.format(Locale.ROOT, "%d entries, %.0f MB", count, bytes / 1e6);
    } catch (IOException | java.io.UncheckedIOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }
}
