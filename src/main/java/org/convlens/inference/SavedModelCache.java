package org.convlens.inference;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.convlens.files.AtomicFiles;
import org.convlens.files.FileTrees;
import org.convlens.model.Network;

/**
 * SavedModels built from networks, kept on disk keyed by the network's name and its weights' content hash, so
 * the second start skips the graph build. A folder appears under its final name only once complete (built in a
 * temporary folder, then renamed), so a crash mid-build never leaves a folder a later start would trust.
 *
 * <p>The cache keeps only the {@link #DEFAULT_KEEP} most recently used SavedModels (each is ~100 MB for
 * ResNet50V2; {@code -Dconvlens.savedModels.keep=N} changes how many): older ones are removed when a model is
 * opened, except one in use. In use means a lease: a lock file in the folder, locked by the process that loaded
 * it for as long as it runs, so another ConvLens process never removes a SavedModel under a running one.
 */
public final class SavedModelCache {
  /** Bump when the graph translation changes, so old SavedModels are not reused. */
  static final String FORMAT = "v2";
  /** The system property that sets how many SavedModels are kept. */
  public static final String KEEP_PROPERTY = "convlens.savedModels.keep";
  static final int DEFAULT_KEEP = 3;
  private static final String LAST_USED = "last-used";
  private static final String LEASE_PREFIX = "in-use-";
  private static final String CACHE_LOCK = ".lock";

  private static final System.Logger LOG = System.getLogger(SavedModelCache.class.getName());

  private final Path root;
  private final int keep;

  public SavedModelCache(Path root) {
    this(root, Integer.getInteger(KEEP_PROPERTY, DEFAULT_KEEP));
  }

  /** @param keep how many of the most recently used SavedModels {@link #prune} keeps (at least 1) */
  public SavedModelCache(Path root, int keep) {
    this.root = root;
    this.keep = Math.max(1, keep);
  }

  /** A SavedModel folder marked in use (and as used now) until closed. */
  static final class Lease implements AutoCloseable {
    private final Path dir;
    private final Path lockFile;
    private final FileChannel channel;

    private Lease(Path dir, Path lockFile, FileChannel channel) {
      this.dir = dir;
      this.lockFile = lockFile;
      this.channel = channel;
    }

    Path dir() {
      return dir;
    }

    @Override
    public void close() {
      try {
        channel.close(); // releases the lock
        Files.deleteIfExists(lockFile);
      } catch (IOException e) {
        // A lock file left behind is unlocked, so the next prune sees it as stale and deletes it.
      }
    }
  }

  /** The SavedModel for {@code network}, built now if it is not cached, leased until the caller closes it. */
  Lease ensure(Network network, List<String> defaultLayers, Progress progress) throws ModelLoadException {
    Path dir = folderFor(network);
    try {
      Lease cached = leaseIfComplete(dir);
      if (cached != null) {
        return cached;
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot use the TensorFlow model cache in " + root + ": " + e.getMessage()
          + "; check that the folder is writable", e);
    }
    progress.update("Building the TensorFlow graph (first start with these weights)", -1);
    Path tmp = null;
    try {
      Files.createDirectories(root);
      tmp = Files.createTempDirectory(root, ".building-");
      SavedModelExporter.export(network, defaultLayers, tmp);
      try (CacheLock ignored = lockCache()) {
        try {
          AtomicFiles.moveAtomically(tmp, dir);
        } catch (IOException raced) {
          // Another process finished the same build first: theirs is as good as ours.
          if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw raced;
          }
        }
        return lease(dir);
      }
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot build the TensorFlow model in " + root + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
  }

  private Lease leaseIfComplete(Path dir) throws IOException {
    if (!Files.isDirectory(root)) {
      return null;
    }
    // Under the cache's lock, so a prune in another process cannot remove the folder between check and lease.
    try (CacheLock ignored = lockCache()) {
      return Files.isRegularFile(dir.resolve("saved_model.pb")) ? lease(dir) : null;
    }
  }

  /** Marks {@code dir} as used now and in use by this process until the lease closes. */
  static Lease lease(Path dir) throws IOException {
    Files.setLastModifiedTime(Files.write(dir.resolve(LAST_USED), new byte[0]), FileTime.from(Instant.now()));
    Path lockFile = dir.resolve(LEASE_PREFIX + UUID.randomUUID() + ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(lockFile);
      throw e;
    }
    return new Lease(dir, lockFile, channel);
  }

  /**
   * Removes all but the {@code keep} most recently used SavedModels, skipping any in use, and what interrupted
   * builds and removals left behind. Never throws: a folder it cannot remove now is removed another time.
   */
  void prune() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (CacheLock ignored = lockCache(); Stream<Path> entries = Files.list(root)) {
      List<Path> models = new ArrayList<>();
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".evicting-")) {
          FileTrees.deleteQuietly(entry);
        } else if (!name.startsWith(".") && Files.isDirectory(entry)) {
          models.add(entry);
        }
      }
      models.sort(Comparator.comparing(SavedModelCache::lastUsed).reversed());
      for (Path old : models.subList(Math.min(keep, models.size()), models.size())) {
        if (!inUse(old)) {
          remove(old);
        }
      }
    } catch (IOException | RuntimeException e) {
      System.getLogger(SavedModelCache.class.getName())
          .log(System.Logger.Level.WARNING, "could not prune the SavedModel cache in " + root, e);
    }
  }

  static FileTime lastUsed(Path dir) {
    try {
      Path marker = dir.resolve(LAST_USED);
      return Files.getLastModifiedTime(Files.exists(marker) ? marker : dir);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Whether a process (this one included) holds a lease on {@code dir}; stale lease files are deleted. */
  static boolean inUse(Path dir) throws IOException {
    List<Path> leases;
    try (Stream<Path> files = Files.list(dir)) {
      leases = files.filter(f -> f.getFileName().toString().startsWith(LEASE_PREFIX)).toList();
    }
    boolean used = false;
    for (Path lease : leases) {
      try (FileChannel channel = FileChannel.open(lease, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          used = true; // locked by another process
        } else {
          lock.release(); // its process ended without closing the lease
          Files.deleteIfExists(lease);
        }
      } catch (OverlappingFileLockException e) {
        used = true; // locked by this process
      }
    }
    return used;
  }

  /** Renamed away first, so no one ever loads a half-deleted folder. */
  private void remove(Path dir) throws IOException {
    Path doomed = root.resolve(".evicting-" + dir.getFileName() + "-" + UUID.randomUUID());
    Files.move(dir, doomed);
    FileTrees.deleteQuietly(doomed);
  }

  Path folderFor(Network network) {
    return root.resolve(network.graph().name() + "-" + network.origin().cacheKey() + "-" + FORMAT);
  }

  /** Removes a cached SavedModel that failed to load, so the next attempt rebuilds it. */
  void evict(Network network) {
    LOG.log(System.Logger.Level.WARNING, "The cached TensorFlow model {0} could not be loaded (damaged, or from an "
        + "older ConvLens): it is removed and built again", folderFor(network));
    FileTrees.deleteQuietly(folderFor(network));
  }

  /** The cache-wide lock: exclusive between processes through a file lock, between threads through a monitor. */
  private CacheLock lockCache() throws IOException {
    Files.createDirectories(root);
    return new CacheLock(root.resolve(CACHE_LOCK));
  }

  private static final class CacheLock implements AutoCloseable {
    // Threads of one JVM may not hold overlapping file locks, so they take turns here first.
    private static final ReentrantLock THREADS = new ReentrantLock();
    private final FileChannel channel;

    CacheLock(Path file) throws IOException {
      THREADS.lock();
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          channel.lock();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        THREADS.unlock();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        THREADS.unlock();
      }
    }
  }
}
