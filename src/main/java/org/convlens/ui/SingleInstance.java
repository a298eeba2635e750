package org.convlens.ui;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.convlens.files.AtomicFiles;

/**
 * One ConvLens window per user, as desktop users expect when they open images from the file manager: a second
 * launch hands its files to the running app ({@link #handOver}) and exits.
 *
 * <p>The running app ({@link #listen}) holds an OS lock on {@value #LOCK_FILE} in the per-user config folder, which
 * the OS releases when the process dies, so a killed app leaves no claim behind; and it listens on a loopback-only
 * port, written with a random token to {@value #PORT_FILE}. A launch that finds no port file, a dead port or a
 * refused token opens its own window.
 */
public final class SingleInstance implements AutoCloseable {
  static final String LOCK_FILE = "instance.lock";
  static final String PORT_FILE = "instance.port";
  private static final String MAGIC = "convlens-open-1";
  private static final String OK = "ok";
  // Generous for a busy machine, short enough that a hung app does not stall a new launch for long.
  private static final int TIMEOUT_MS = 3000;
  private static final int MAX_FILES = 10_000;
  private static final System.Logger LOG = System.getLogger(SingleInstance.class.getName());

  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ServerSocket server;
  private final Path portFile;
  private final String token;
  private final Consumer<List<Path>> receiver;

  private SingleInstance(FileChannel lockChannel, FileLock lock, ServerSocket server, Path portFile, String token,
      Consumer<List<Path>> receiver) {
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.server = server;
    this.portFile = portFile;
    this.token = token;
    this.receiver = receiver;
  }

  /**
   * Hands {@code files} (made absolute here, since the running app has another working folder) to the app running
   * for the user of {@code folder}.
   *
   * @return true if a running app took them, so this launch should exit; false if none answered
   */
  public static boolean handOver(Path folder, List<Path> files) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(folder.resolve(PORT_FILE))) {
      p.load(in);
      int port = Integer.parseInt(p.getProperty("port", ""));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeUTF(MAGIC);
        out.writeUTF(p.getProperty("token", ""));
        out.writeInt(files.size());
        for (Path f : files) {
          out.writeUTF(f.toAbsolutePath().normalize().toString());
        }
        out.flush();
        return OK.equals(new DataInputStream(s.getInputStream()).readUTF());
      }
    } catch (IOException | RuntimeException e) {
      // No app, a stale port file from a killed one, or one that refused: this launch opens its own window.
      LOG.log(System.Logger.Level.DEBUG, "no running ConvLens took the files", e);
      return false;
    }
  }

  /**
   * Makes this process the running app for {@code folder}: files handed over later reach {@code receiver}, on a
   * background thread.
   *
   * @return empty when another app (or this process) already is the running one
   */
  public static Optional<SingleInstance> listen(Path folder, Consumer<List<Path>> receiver) throws IOException {
    Objects.requireNonNull(receiver, "receiver");
    Files.createDirectories(folder);
    FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return Optional.empty();
    }
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      String token = HexFormat.of().formatHex(secret);
      Path portFile = folder.resolve(PORT_FILE);
      AtomicFiles.write(portFile, ("port=" + server.getLocalPort() + "\ntoken=" + token + "\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      restrictToOwner(portFile);
      SingleInstance instance = new SingleInstance(channel, lock, server, portFile, token, receiver);
      Thread t = new Thread(instance::acceptLoop, "convlens-single-instance");
      t.setDaemon(true);
      t.start();
      return Optional.of(instance);
    } catch (IOException | RuntimeException e) {
      lock.release();
      channel.close();
      throw e;
    }
  }

  /** The address it listens on: always loopback. */
  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(TIMEOUT_MS);
        receive(s).ifPresent(files -> {
          try {
            new DataOutputStream(s.getOutputStream()).writeUTF(OK);
          } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not confirm a hand-over", e);
          }
          receiver.accept(files);
        });
      } catch (IOException | RuntimeException e) {
        if (!server.isClosed()) {
          LOG.log(System.Logger.Level.DEBUG, "a hand-over failed", e);
        }
      }
    }
  }

  /** The files a client sends, if it knows the token; anything else is ignored (the client then opens its own). */
  private Optional<List<Path>> receive(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    if (!MAGIC.equals(in.readUTF())) {
      return Optional.empty();
    }
    byte[] sent = in.readUTF().getBytes(StandardCharsets.ISO_8859_1);
    if (!MessageDigest.isEqual(sent, token.getBytes(StandardCharsets.ISO_8859_1))) {
      return Optional.empty();
    }
    int n = in.readInt();
    if (n < 0 || n > MAX_FILES) {
      return Optional.empty();
    }
    List<Path> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      files.add(Path.of(in.readUTF()));
    }
    return Optional.of(List.copyOf(files));
  }

  /** The port file's token lets a process open files in the user's window: only the user may read it. */
  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Windows: the per-user config folder already belongs to the user alone.
    }
  }

  /** Stops listening and releases the claim, so the next launch becomes the running app. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the single-instance socket", e);
    }
    try {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(portFile)) {
        p.load(in);
      }
      if (token.equals(p.getProperty("token"))) {
        Files.deleteIfExists(portFile);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "removing " + portFile, e);
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "releasing " + LOCK_FILE, e);
    }
  }
}
