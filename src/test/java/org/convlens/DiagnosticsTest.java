package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.convlens.files.UserFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsTest {
  @TempDir Path temp;

  @Test
  void theReportNamesVersionsSystemCachesAndTheLastProblems() throws Exception {
    Path cache = temp.resolve("cache");
    Files.createDirectories(cache.resolve("savedmodels").resolve("md5-abc"));
    Files.write(cache.resolve("savedmodels").resolve("md5-abc").resolve("saved_model.pb"), new byte[2_000_000]);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      log.add("2026-11-30 10:00:0" + (i % 10) + ".000 ERROR [main] o.c.Thing - problem " + i);
      log.add("2026-11-30 10:00:00.000 INFO  [main] o.c.Thing - fine " + i);
    }
    Path logFile = Files.write(temp.resolve("convlens.log"), log);
    Properties sys = new Properties();
    sys.putAll(java.util.Map.of("os.name", "Linux", "os.version", "6.1", "os.arch", "amd64",
        "java.vm.name", "OpenJDK 64-Bit Server VM", "java.version", "17.0.15"));

    String report = Diagnostics.report(new Versions("0.1.0", "0.36.0", "1.0.0-rc.1", "21.0.11"), sys, 2,
        6L << 30, cache, logFile);

    assertTrue(report.startsWith("ConvLens 0.1.0\nDJL 0.36.0"), report);
    assertTrue(report.contains("OS: Linux 6.1 (amd64), 2 CPUs, Java heap up to 6144 MB"), report);
    assertTrue(report.contains("TensorFlow natives: none"), report);
    assertTrue(report.contains("built models (SavedModels): 1 entries, 2 MB"), report);
    assertTrue(report.contains("problem 14") && report.contains("problem 5") && !report.contains("problem 4\n"),
        "the last ten problems: " + report);
    assertTrue(!report.contains("fine"), report);
  }

  @Test
  void withoutALogThereAreNoProblemsToReport() {
    assertEquals(List.of(), Diagnostics.lastProblems(temp.resolve("none.log")));
  }

  @Test
  void ourOwnLogLinesReachTheLogFile() throws Exception {
    // System.Logger -> SLF4J -> Logback's file appender, in the folder the tests name (-Dconvlens.logDir).
    String marker = "diagnostics-test " + System.nanoTime();
    System.getLogger("org.convlens.DiagnosticsTest").log(System.Logger.Level.WARNING, marker);
    Path log = UserFolders.logFile();
    assertTrue(Files.readString(log).contains(marker), "no '" + marker + "' in " + log);
    assertTrue(Diagnostics.lastProblems(log).stream().anyMatch(l -> l.contains(marker)));
  }

  @Test
  void logsGoWhereEachOsKeepsThem() {
    Properties linux = props("Linux", "/home/ann");
    assertEquals(Path.of("/home/ann/.local/state/convlens"), UserFolders.logRoot(linux, k -> null));
    assertEquals(Path.of("/st/convlens"), UserFolders.logRoot(linux, k -> k.equals("XDG_STATE_HOME") ? "/st" : null));
    assertEquals(Path.of("/Users/ann/Library/Logs/convlens"), UserFolders.logRoot(props("Mac OS X", "/Users/ann"),
        k -> null));
    assertEquals(Path.of("C:/L/convlens/logs"), UserFolders.logRoot(props("Windows 11", "C:/Users/ann"),
        k -> k.equals("LOCALAPPDATA") ? "C:/L" : null));
    Properties overridden = props("Linux", "/home/ann");
    overridden.setProperty(UserFolders.LOG_DIR_PROPERTY, "/tmp/logs");
    assertEquals(Path.of("/tmp/logs"), UserFolders.logRoot(overridden, k -> null));
  }

  private static Properties props(String os, String home) {
    Properties p = new Properties();
    p.setProperty("os.name", os);
    p.setProperty("user.home", home);
    return p;
  }
}
