package org.convlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** This machine and process as a benchmark describes them: CPU, cores, memory, load; resident memory (Linux). */
final class Machine {
  private Machine() {}

  /** E.g. "AMD EPYC, 2 cores, 23.4 GB RAM, load average 1.20 (Linux 6.1)". */
  static String describe() {
    String cpu = firstValue(lines("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    long memKb = kilobytes(lines("/proc/meminfo"), "MemTotal").orElse(-1);
    String load = lines("/proc/loadavg").stream().findFirst().map(l -> l.split(" ")[0]).orElse("unknown");
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + (memKb < 0 ? "RAM unknown" : String.format(Locale.ROOT, "%.1f GB RAM", memKb / 1024.0 / 1024.0))
        + ", load average " + load + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + ", Java " + Runtime.version().feature() + ")";
  }

  /** This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB; empty off Linux. */
  static OptionalLong rssMb(String key) {
    OptionalLong kb = kilobytes(lines("/proc/self/status"), key);
    return kb.isPresent() ? OptionalLong.of(Math.round(kb.getAsLong() / 1024.0)) : OptionalLong.empty();
  }

  /** The number of a {@code key: 1234 kB} line, as in /proc/self/status and /proc/meminfo. */
  static OptionalLong kilobytes(List<String> lines, String key) {
    return firstValue(lines, key).map(v -> OptionalLong.of(Long.parseLong(v.split("\\s+")[0])))
        .orElse(OptionalLong.empty());
  }

  private static java.util.Optional<String> firstValue(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key) && l.substring(key.length()).trim().startsWith(":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst();
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return List.of(); // not Linux: the figure is left out
    }
  }
}
