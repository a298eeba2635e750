package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.convlens.pipeline.AppDirs;
import org.convlens.testing.HostileCorpus;
import org.convlens.testing.HostileCorpus.Refusal;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile model corpus ({@code src/test/resources/hostile/}, listed with its messages in the README there): each
 * file is refused by {@code KerasModel.read}, the {@code NetworkLoader} and {@code convlens summary --model}, in
 * words naming the problem, within 5 s of CPU time and 500 MB allocated, and nothing is written outside our
 * temporary folder.
 */
class HostileCorpusTest {
  private static final long CPU_LIMIT_NANOS = 5_000_000_000L;
  /** Only against a hang: on a busy shared machine wall time is mostly waiting for a core. */
  private static final long WALL_LIMIT_NANOS = 60_000_000_000L;
  private static final long ALLOCATION_LIMIT = 500L << 20;

  @TempDir Path temp;

  /** The README's table: file name to the part of the message it must get. */
  private static Map<String, String> expected() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(HostileCorpus.FOLDER.resolve("README.md"), StandardCharsets.UTF_8)) {
      String[] cells = line.split("\\|");
      if (cells.length >= 4 && cells[1].strip().matches("(h5|keras)-.*")) {
        rows.put(cells[1].strip(), cells[cells.length - 1].strip());
      }
    }
    return rows;
  }

  private static Set<String> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void theReadmeListsEveryFileAndTheCorpusStaysSmall() throws IOException {
    assertEquals(files(HostileCorpus.FOLDER), new TreeSet<>(expected().keySet()));
    long bytes = 0;
    for (String name : files(HostileCorpus.FOLDER)) {
      bytes += Files.size(HostileCorpus.FOLDER.resolve(name));
    }
    assertTrue(bytes < 2_000_000, "the committed corpus is " + bytes + " bytes");
  }

  @Test
  void everyFileIsRefusedInWordsByEveryEntryPointQuicklyWithinMemoryAndWritingNothingOutside() throws IOException {
    // Copies two levels down, so an entry '../../x' that escaped would land inside this test's folder.
    Path corpus = Files.createDirectories(temp.resolve("a").resolve("b"));
    for (String name : files(HostileCorpus.FOLDER)) {
      Files.copy(HostileCorpus.FOLDER.resolve(name), corpus.resolve(name));
    }
    AppDirs dirs = new AppDirs(temp.resolve("config"), temp.resolve("cache"));
    Set<String> tempBefore = ourTempFolders();
    List<String> problems = new ArrayList<>();
    StringBuilder report = new StringBuilder("hostile corpus (file, entry point, CPU ms, wall ms, MB allocated):");
    for (Map.Entry<String, String> row : expected().entrySet()) {
      Path file = corpus.resolve(row.getKey());
      for (Refusal r : HostileCorpus.refuse(file, dirs)) {
        String label = row.getKey() + " via " + r.entryPoint();
        report.append(String.format(Locale.ROOT, "%n  %-30s %-16s %5d %6d %4d", row.getKey(), r.entryPoint(),
            r.cpuNanos() / 1_000_000, r.wallNanos() / 1_000_000, r.allocatedBytes() >> 20));
        if (!r.message().contains(row.getValue()) || !r.message().contains(file.toString())) {
          problems.add(label + ": expected the path and '" + row.getValue() + "' in: " + r.message());
        }
        UserMessages.problems(r.message(), r.exception()).forEach(p -> problems.add(label + ": " + p));
        if (r.cpuNanos() > CPU_LIMIT_NANOS || r.wallNanos() > WALL_LIMIT_NANOS) {
          problems.add(label + " took " + r.cpuNanos() / 1_000_000 + " ms of CPU, " + r.wallNanos() / 1_000_000
              + " ms in all");
        }
        if (r.allocatedBytes() > ALLOCATION_LIMIT) {
          problems.add(label + " allocated " + r.allocatedBytes() + " bytes");
        }
      }
    }
    System.out.println(report);
    assertTrue(problems.isEmpty(), String.join("\n", problems));

    assertEquals(files(HostileCorpus.FOLDER), files(corpus), "nothing new beside the files");
    try (Stream<Path> all = Files.walk(temp)) {
      List<Path> written = all.filter(Files::isRegularFile).filter(p -> !p.getParent().equals(corpus))
          .filter(p -> !p.startsWith(dirs.config()) && !p.startsWith(dirs.cache())).toList();
      assertEquals(List.of(), written, "nothing written beside the corpus");
    }
    assertFalse(Files.exists(Path.of("/tmp/convlens-escaped")), "the absolute entry was not written");
    assertEquals(tempBefore, ourTempFolders(), "the archive reader's temporary folders are removed");
  }

  @Test
  void theTwoMessagesANewUserMetAreNowPlain() throws IOException {
    AppDirs dirs = new AppDirs(temp.resolve("config"), temp.resolve("cache"));
    for (String name : List.of("h5-odd-config-json.h5", "h5-input-100000x100000.h5")) {
      for (Refusal r : HostileCorpus.refuse(HostileCorpus.FOLDER.resolve(name).toAbsolutePath(), dirs)) {
        assertFalse(r.message().contains("Cannot invoke") || r.message().contains("integer overflow")
            || r.message().contains("gson"), r.message());
      }
    }
  }

  private static Set<String> ourTempFolders() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("convlens-keras-"))
          .collect(Collectors.toSet());
    }
  }

  /** Not a check: rewrites the committed corpus when asked ({@code -Dconvlens.hostile.regenerate=true}). */
  @Test
  void regenerate() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("convlens.hostile.regenerate"), "regenerate only when asked");
    HostileCorpus.generate(HostileCorpus.FOLDER);
    assertEquals(new TreeSet<>(expected().keySet()), files(HostileCorpus.FOLDER));
  }
}
