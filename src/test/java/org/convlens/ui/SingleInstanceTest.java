package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
  @TempDir Path folder;
  private final BlockingQueue<List<Path>> received = new LinkedBlockingQueue<>();

  @Test
  void aSecondLaunchHandsItsFilesToTheRunningAppAsAbsolutePaths() throws Exception {
    try (SingleInstance running = SingleInstance.listen(folder, received::add).orElseThrow()) {
      assertTrue(running.address().getAddress().isLoopbackAddress(), "never a network-visible port");
      assertTrue(SingleInstance.handOver(folder, List.of(Path.of("cat.png"), Path.of("/photos/../dog.jpg"))));
      List<Path> files = received.poll(5, TimeUnit.SECONDS);
      assertEquals(List.of(Path.of("cat.png").toAbsolutePath(), Path.of("/dog.jpg")), files);
      // A launch without files still reaches it (the window comes to the front).
      assertTrue(SingleInstance.handOver(folder, List.of()));
      assertEquals(List.of(), received.poll(5, TimeUnit.SECONDS));
      // Only one app runs: a second claim in the same folder is refused, also from this same JVM.
      assertEquals(Optional.empty(), SingleInstance.listen(folder, received::add));
    }
  }

  @Test
  void withNoRunningAppTheLaunchOpensItsOwnWindow() {
    assertFalse(SingleInstance.handOver(folder, List.of(Path.of("cat.png"))));
  }

  @Test
  void stalePortAndLockFilesOfAKilledAppAreIgnoredAndReplaced() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    Files.writeString(folder.resolve(SingleInstance.PORT_FILE), "port=" + deadPort + "\ntoken=abc\n");
    Files.writeString(folder.resolve(SingleInstance.LOCK_FILE), "");
    assertFalse(SingleInstance.handOver(folder, List.of(Path.of("cat.png"))));
    try (SingleInstance running = SingleInstance.listen(folder, received::add).orElseThrow()) {
      assertTrue(SingleInstance.handOver(folder, List.of(Path.of("a.png"))));
      assertEquals(List.of(Path.of("a.png").toAbsolutePath()), received.poll(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aClientWithoutTheTokenIsRefused() throws Exception {
    try (SingleInstance running = SingleInstance.listen(folder, received::add).orElseThrow()) {
      Path portFile = folder.resolve(SingleInstance.PORT_FILE);
      Files.writeString(portFile, Files.readString(portFile).replaceAll("token=.*", "token=guessed"));
      assertFalse(SingleInstance.handOver(folder, List.of(Path.of("cat.png"))));
      assertNull(received.poll(500, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void afterTheAppClosesTheNextLaunchBecomesTheRunningApp() throws Exception {
    SingleInstance.listen(folder, received::add).orElseThrow().close();
    assertFalse(Files.exists(folder.resolve(SingleInstance.PORT_FILE)), "no port file left behind");
    assertFalse(SingleInstance.handOver(folder, List.of()));
    try (SingleInstance next = SingleInstance.listen(folder, received::add).orElseThrow()) {
      assertTrue(SingleInstance.handOver(folder, List.of()));
    }
  }

  /** The OS releases the lock of a killed process: a real process, killed with SIGKILL (no shutdown hooks). */
  @Test
  void anAppKilledWithoutCleaningUpLeavesNoClaim() throws Exception {
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), folder.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("listening", out.readLine());
      assertEquals(Optional.empty(), SingleInstance.listen(folder, received::add), "the other process runs");
      assertTrue(SingleInstance.handOver(folder, List.of()));
    } finally {
      other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(folder.resolve(SingleInstance.PORT_FILE)), "killed: its port file is still there");
    assertFalse(SingleInstance.handOver(folder, List.of()));
    try (SingleInstance next = SingleInstance.listen(folder, received::add).orElseThrow()) {
      assertTrue(SingleInstance.handOver(folder, List.of(Path.of("b.png"))));
      assertEquals(List.of(Path.of("b.png").toAbsolutePath()), received.poll(5, TimeUnit.SECONDS));
    }
  }

  /** The running app of {@link #anAppKilledWithoutCleaningUpLeavesNoClaim}, in its own process. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      SingleInstance.listen(Path.of(args[0]), files -> { }).orElseThrow();
      System.out.println("listening");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
