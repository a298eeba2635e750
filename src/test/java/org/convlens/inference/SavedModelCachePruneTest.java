package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SavedModel cache keeps the most recently used folders and removes the rest, never one that a process holds
 * a lease on. Folders here are fakes (a {@code saved_model.pb} of a few bytes): pruning never loads them.
 */
class SavedModelCachePruneTest {
  @TempDir Path root;

  private Path model(String name, long lastUsedSecondsAgo) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("saved_model.pb"), "fake");
    FileTime when = FileTime.fromMillis(System.currentTimeMillis() - lastUsedSecondsAgo * 1000);
    Files.setLastModifiedTime(Files.write(dir.resolve("last-used"), new byte[0]), when);
    return dir;
  }

  private List<String> left() throws IOException {
    try (Stream<Path> files = Files.list(root)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void keepsTheMostRecentlyUsedAndRemovesTheOldestFirst() throws Exception {
    model("a", 400);
    model("b", 100);
    model("c", 300);
    model("d", 200);
    model("e", 500);
    new SavedModelCache(root, 3).prune();
    assertEquals(List.of("b", "c", "d"), left());
    new SavedModelCache(root, 1).prune();
    assertEquals(List.of("b"), left());
  }

  @Test
  void aFolderLeasedByThisProcessSurvivesEvenWhenOldest() throws Exception {
    model("old", 1000);
    model("new1", 10);
    model("new2", 20);
    try (SavedModelCache.Lease lease = leaseOf(root.resolve("old"))) {
      // Leasing marks the folder as used now, so it is the most recent one: make it the oldest again.
      assertTrue(SavedModelCache.lastUsed(root.resolve("old")).toMillis() > System.currentTimeMillis() - 60_000);
      Files.setLastModifiedTime(root.resolve("old").resolve("last-used"), FileTime.fromMillis(0));
      new SavedModelCache(root, 1).prune();
      assertEquals(List.of("new1", "old"), left());
    }
  }

  @Test
  void aFolderLockedByAnotherProcessSurvivesAndAStaleLeaseDoesNotProtect() throws Exception {
    model("held", 1000);
    model("stale", 900);
    model("recent", 10);
    // A lease file left unlocked (its process died) protects nothing and is cleaned up.
    Files.writeString(root.resolve("stale").resolve("in-use-dead.lock"), "");
    Path lockFile = root.resolve("held").resolve("in-use-other.lock");
    Process other = lockInAnotherProcess(lockFile);
    try {
      new SavedModelCache(root, 1).prune();
      assertEquals(List.of("held", "recent"), left());
    } finally {
      other.destroy();
      other.waitFor();
    }
    new SavedModelCache(root, 1).prune();
    assertEquals(List.of("recent"), left());
  }

  @Test
  void closingTheLeaseLetsTheFolderGo() throws Exception {
    model("old", 1000);
    model("new", 10);
    SavedModelCache.Lease lease = leaseOf(root.resolve("old"));
    // The lease marked "old" as used now: make it the older one again.
    Files.setLastModifiedTime(root.resolve("old").resolve("last-used"), FileTime.fromMillis(0));
    new SavedModelCache(root, 1).prune();
    assertEquals(List.of("new", "old"), left());
    lease.close();
    new SavedModelCache(root, 1).prune();
    assertFalse(Files.exists(root.resolve("old")));
    assertEquals(List.of("new"), left());
  }

  private static Network tiny(String key) {
    LayerGraph graph = new LayerGraph("tiny", List.of(
        new Layer("input_1", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("input_1"))));
    return Network.bind(graph, UntrainedWeights.generate(graph, 1), new WeightsOrigin("test", true, key));
  }

  @Test
  void aModelOpenInAServiceKeepsItsSavedModelWhileAnotherOpens() throws Exception {
    TestRuntime.start();
    SavedModelCache cache = new SavedModelCache(root, 1);
    Network first = tiny("first");
    Network second = tiny("second");
    try (ModelService open = ModelService.open(first, cache, Progress.NONE)) {
      try (ModelService other = ModelService.open(second, cache, Progress.NONE)) {
        assertTrue(Files.exists(cache.folderFor(first)), "in use, so kept although the cache keeps one");
        assertTrue(open.run(Tensor.zeros(1, 8, 8, 3), List.of("conv")).has("conv"));
      }
    }
    // Neither is in use now: opening the first again (most recent) removes the second.
    try (ModelService again = ModelService.open(first, cache, Progress.NONE)) {
      assertFalse(Files.exists(cache.folderFor(second)));
    }
  }

  /** What {@link SavedModelCache#ensure} returns for a complete cached folder. */
  private static SavedModelCache.Lease leaseOf(Path dir) throws IOException {
    return SavedModelCache.lease(dir);
  }

  /** A second JVM that locks {@code file} as a running ConvLens holds its lease, until destroyed. */
  private static Process lockInAnotherProcess(Path file) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        HoldLock.class.getName(), file.toString()).redirectErrorStream(true).start();
    // The child says "locked" once it holds the lock.
    String line = new String(p.getInputStream().readNBytes(7));
    assertEquals("locked\n", line);
    return p;
  }

  /** The child's main: lock the file, say so, and wait to be killed. */
  static final class HoldLock {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        channel.lock();
        System.out.print("locked\n");
        System.out.flush();
        Thread.sleep(120_000);
      }
    }
  }
}
