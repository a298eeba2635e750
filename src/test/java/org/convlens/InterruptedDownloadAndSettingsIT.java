package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.ChildTasks;
import org.convlens.ui.settings.SettingsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill points of issue 13, item 5, beside {@link InterruptedWorkIT}'s: a child JVM killed with SIGKILL while it
 * downloads weights from a local server (slow body) or saves settings.json. Afterwards no partial weights file is
 * found as weights and the next download completes; settings.json is always the previous or the new one, whole.
 */
class InterruptedDownloadAndSettingsIT {
  @TempDir Path temp;

  private static Process child(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ChildTasks.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
  }

  @Test
  void aDownloadKilledMidwayLeavesNothingTakenForWeightsAndTheNextOneCompletes() throws Exception {
    byte[] body = new byte[3 << 20];
    new Random(13).nextBytes(body);
    String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
    AtomicBoolean slow = new AtomicBoolean(true);
    AtomicLong served = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        exchange.sendResponseHeaders(200, body.length);
        for (int at = 0; at < body.length; at += 16 * 1024) {
          out.write(body, at, Math.min(16 * 1024, body.length - at));
          out.flush();
          served.addAndGet(16 * 1024);
          if (slow.get()) {
            Thread.sleep(20); // about 0.8 MB a second: the whole body takes 4 s
          }
        }
      } catch (InterruptedException | IOException e) {
        // the child was killed: its connection is gone
      }
    });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      Path cache = temp.resolve("cache");
      WeightsLocator locator = new WeightsLocator(List.of(cache));
      // Killed once the server has sent this much of the body: early, midway and near the end.
      for (long at : new long[] {64 << 10, 1 << 20, 2 << 20}) {
        served.set(0);
        Process p = child(temp.resolve("killed.txt"), "download", base.toString(), cache.toString(), md5);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (served.get() < at && System.nanoTime() < deadline && p.isAlive()) {
          Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "the download was still running when killed: "
            + Files.readString(temp.resolve("killed.txt")));
        kill(p);
        assertTrue(served.get() >= at && served.get() < body.length, "killed within the body: " + served.get());
        assertInstanceOf(WeightsLocator.NotFound.class, locator.locate(ChildTasks.weights(md5, base)),
            "a partial download is never found as the weights");
        assertTrue(Files.notExists(cache.resolve(ChildTasks.WEIGHTS_FILE)));
      }

      // The killed downloads' .part files stay (another process may still be writing one) until they are stale.
      try (Stream<Path> parts = Files.list(cache)) {
        for (Path part : parts.toList()) {
          assertTrue(part.getFileName().toString().endsWith(".part"), part.toString());
          Files.setLastModifiedTime(part, java.nio.file.attribute.FileTime.from(
              java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        }
      }
      slow.set(false);
      Path log = temp.resolve("after.txt");
      Process p = child(log, "download", base.toString(), cache.toString(), md5);
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the next download finished");
      assertEquals(0, p.exitValue(), Files.readString(log));
      Path file = ((WeightsLocator.Found) locator.locate(ChildTasks.weights(md5, base))).path();
      assertEquals(md5, WeightsDownloader.md5Of(file));
      try (Stream<Path> left = Files.list(cache)) {
        assertEquals(List.of(ChildTasks.WEIGHTS_FILE), left.map(f -> f.getFileName().toString()).toList(),
            "the killed downloads' stale .part files are cleaned up by the next one");
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void settingsKilledWhileSavingAreTheOldOrTheNewFileWhole() throws Exception {
    Path config = temp.resolve("config");
    SettingsStore store = new SettingsStore(config);
    Random random = new Random(5);
    long lastSeen = -1;
    for (int round = 0; round < 8; round++) {
      Path out = temp.resolve("settings" + round + ".txt");
      Process p = child(out, "settings", config.toString());
      long saves = waitForSaves(p, out, 3);
      Thread.sleep(random.nextInt(150));
      kill(p);

      SettingsStore.Loaded loaded = store.load();
      assertTrue(loaded.warning().isEmpty(), "round " + round + ": " + loaded.warning());
      String folder = loaded.settings().imageFolder();
      long n = Long.parseLong(folder.split("/")[2]);
      assertEquals(ChildTasks.folder(n), folder, "round " + round + ": a whole file");
      assertTrue(n >= saves, "round " + round + ": the last save reported or a later one (" + n + ", " + saves
          + " reported)");
      lastSeen = n;
      try (Stream<Path> files = Files.list(config)) {
        // A killed save may leave its temporary file; it is never read as settings.
        assertTrue(files.map(f -> f.getFileName().toString()).allMatch(f -> f.equals(SettingsStore.FILE_NAME)
            || f.startsWith("." + SettingsStore.FILE_NAME + ".") && f.endsWith(".tmp")));
      }
    }
    assertTrue(lastSeen >= 0);
  }

  /** Waits until the child reported at least {@code n} saves; returns the last number it reported. */
  private static long waitForSaves(Process p, Path out, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("saved ")).toList();
      if (lines.size() >= n) {
        return Long.parseLong(lines.get(lines.size() - 1).substring(6).strip());
      }
      assertTrue(p.isAlive(), "the child is saving: " + Files.readString(out));
      Thread.sleep(20);
    }
    throw new AssertionError("the child did not save in a minute: " + Files.readString(out));
  }
}
