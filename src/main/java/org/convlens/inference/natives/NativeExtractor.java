package org.convlens.inference.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.convlens.files.FileTrees;

/**
 * Copies a folder of class-path resources (usually inside a jar) into a cache folder once, so native
 * libraries can be loaded from disk. Safe when several threads or processes start at once: each extracts
 * into its own temporary folder beside the target, writes a manifest (names and sizes) last, then renames
 * the folder into place in one step; a loser of that race deletes its copy and uses the winner's. A cache
 * folder whose files no longer match the manifest (deleted, truncated) or the resources is rebuilt.
 */
public final class NativeExtractor {
  /** The file, inside the extracted folder, that lists every extracted file with its size. */
  public static final String MANIFEST = "convlens-natives.manifest";

  private static final System.Logger LOG = System.getLogger(NativeExtractor.class.getName());
  private static final String MANIFEST_HEADER = "# ConvLens native cache manifest v1: size<TAB>path";
  // Temporary folders older than this belong to a process that died while extracting.
  private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
  private static final int PUBLISH_ATTEMPTS = 3;

  private final ClassLoader loader;

  /** Reads resources through {@code loader}. */
  public NativeExtractor(ClassLoader loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * What {@link #ensureExtracted} did.
   *
   * @param folder the valid extracted folder
   * @param extracted true if this call extracted it, false if it reused a valid one
   * @param bytes the total size of the files in it
   * @param took the time the call took
   */
  public record Result(Path folder, boolean extracted, long bytes, Duration took) {}

  /**
   * Makes {@code target} a valid copy of the resource folder {@code resourceFolder}.
   *
   * @param resourceFolder the folder on the class path, e.g. {@code org/tensorflow/internal/c_api/linux-x86_64/}
   * @param requiredFile a file that must be in it; its URL locates the folder's jar
   * @param target the folder to fill; its parent is created
   * @throws NoSuchFileException when {@code requiredFile} is not on the class path
   */
  public Result ensureExtracted(String resourceFolder, String requiredFile, Path target) throws IOException {
    long t0 = System.nanoTime();
    String prefix = resourceFolder.endsWith("/") ? resourceFolder : resourceFolder + "/";
    URL anchor = loader.getResource(prefix + requiredFile);
    if (anchor == null) {
      throw new NoSuchFileException(prefix + requiredFile, null, "not on the class path");
    }
    Path dir = target.toAbsolutePath().normalize();
    Files.createDirectories(dir.getParent());
    try (Source source = Source.open(anchor, prefix)) {
      Map<String, Long> expected = source.files();
      long bytes = expected.values().stream().mapToLong(Long::longValue).sum();
      deleteLeftovers(dir);
      for (int attempt = 1; ; attempt++) {
        if (isValid(dir, expected)) {
          return new Result(dir, false, bytes, Duration.ofNanos(System.nanoTime() - t0));
        }
        // Damaged or incomplete: set it aside. Validating first, in this same loop, keeps a copy that
        // another process has just published.
        moveAsideIfPresent(dir);
        Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
        try {
          for (String name : source.directories()) {
            Files.createDirectories(resolveInside(tmp, name));
          }
          for (String name : expected.keySet()) {
            Path file = resolveInside(tmp, name);
            Files.createDirectories(file.getParent());
            try (InputStream in = source.open(name)) {
              Files.copy(in, file);
            }
          }
          writeManifest(tmp, expected); // last: its presence marks a complete copy
          try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(System.Logger.Level.DEBUG, "Extracted {0} to {1}", prefix, dir);
            return new Result(dir, true, bytes, Duration.ofNanos(System.nanoTime() - t0));
          } catch (IOException lostRace) {
            // Usually another thread or process published first; the loop's check then uses theirs.
            if (attempt >= PUBLISH_ATTEMPTS && !isValid(dir, expected)) {
              throw lostRace;
            }
          }
        } finally {
          FileTrees.deleteQuietly(tmp);
        }
      }
    }
  }

  /** Whether {@code dir} holds exactly what its manifest says and the manifest matches {@code expected}. */
  static boolean isValid(Path dir, Map<String, Long> expected) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    try {
      Map<String, Long> listed = readManifest(manifest);
      if (!listed.equals(expected)) {
        return false;
      }
      for (Map.Entry<String, Long> e : listed.entrySet()) {
        Path file = resolveInside(dir, e.getKey());
        if (!Files.isRegularFile(file) || Files.size(file) != e.getValue()) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // unreadable or malformed: rebuild
    }
  }

  private static void writeManifest(Path dir, Map<String, Long> files) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(MANIFEST_HEADER);
    files.forEach((name, size) -> lines.add(size + "\t" + name));
    Files.write(dir.resolve(MANIFEST), lines, StandardCharsets.UTF_8);
  }

  private static Map<String, Long> readManifest(Path manifest) throws IOException {
    List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_HEADER)) {
      throw new IOException("not a manifest: " + manifest);
    }
    Map<String, Long> files = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int tab = line.indexOf('\t');
      files.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
    }
    return files;
  }

  /** Renames a damaged {@code dir} out of the way (one atomic step, so racing processes agree) and deletes it. */
  private static void moveAsideIfPresent(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Path aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + UUID.randomUUID());
    try {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return; // another process moved it first
    }
    LOG.log(System.Logger.Level.WARNING, "Rebuilding damaged native cache {0}", dir);
    FileTrees.deleteQuietly(aside);
  }

  /** Deletes temporary folders of dead processes and damaged copies left beside {@code dir}. */
  private static void deleteLeftovers(Path dir) {
    Instant staleBefore = Instant.now().minus(STALE_TEMP_AGE);
    String name = dir.getFileName().toString();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir.getParent(), name + ".*")) {
      for (Path p : siblings) {
        String n = p.getFileName().toString();
        boolean damaged = n.startsWith(name + ".damaged-");
        boolean staleTemp = n.startsWith(name + ".tmp-")
            && Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore);
        if (damaged || staleTemp) {
          FileTrees.deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cleaning beside " + dir, e);
    }
  }

  /** Resolves a '/'-separated relative name inside {@code dir}, refusing anything that escapes it. */
  private static Path resolveInside(Path dir, String name) throws IOException {
    Path p = dir.resolve(name).normalize();
    if (!p.startsWith(dir) || p.equals(dir)) {
      throw new IOException("resource name escapes the folder: " + name);
    }
    return p;
  }


  /** Lists {@code folder} of the real class path jar (names relative to it, sizes) without extracting. */
  Map<String, Long> list(String folder, String requiredFile) throws IOException {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    URL anchor = loader.getResource(prefix + requiredFile);
    if (anchor == null) {
      throw new NoSuchFileException(prefix + requiredFile, null, "not on the class path");
    }
    try (Source source = Source.open(anchor, prefix)) {
      return source.files();
    }
  }

  /** A resource folder in a jar or in a directory on the class path. */
  private interface Source extends AutoCloseable {
    /** Files (not folders) by name relative to the folder, with their sizes, sorted. */
    Map<String, Long> files() throws IOException;

    /** Sub-folders, so empty ones are copied too. */
    List<String> directories() throws IOException;

    InputStream open(String name) throws IOException;

    @Override
    void close() throws IOException;

    static Source open(URL anchor, String prefix) throws IOException {
      URLConnection c = anchor.openConnection();
      if (c instanceof JarURLConnection jar) {
        jar.setUseCaches(false); // our own handle, closed when done, not the class loader's
        return new JarSource(jar.getJarFile(), prefix);
      }
      if ("file".equals(anchor.getProtocol())) {
        try {
          return new DirectorySource(Path.of(anchor.toURI()).getParent());
        } catch (URISyntaxException e) {
          throw new IOException("bad resource URL " + anchor, e);
        }
      }
      throw new IOException("cannot list resources behind " + anchor);
    }
  }

  private static final class JarSource implements Source {
    private final JarFile jar;
    private final String prefix;

    JarSource(JarFile jar, String prefix) {
      this.jar = jar;
      this.prefix = prefix;
    }

    @Override
    public Map<String, Long> files() throws IOException {
      Map<String, Long> files = new TreeMap<>();
      for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
        JarEntry e = en.nextElement();
        String name = e.getName();
        if (!e.isDirectory() && name.startsWith(prefix) && name.length() > prefix.length()) {
          if (e.getSize() < 0) {
            throw new IOException("no size for " + name + " in " + jar.getName());
          }
          files.put(name.substring(prefix.length()), e.getSize());
        }
      }
      return files;
    }

    @Override
    public List<String> directories() {
      return jar.stream()
          .filter(e -> e.isDirectory() && e.getName().startsWith(prefix)
              && e.getName().length() > prefix.length())
          .map(e -> e.getName().substring(prefix.length()))
          .toList();
    }

    @Override
    public InputStream open(String name) throws IOException {
      JarEntry e = jar.getJarEntry(prefix + name);
      if (e == null) {
        throw new NoSuchFileException(prefix + name);
      }
      return jar.getInputStream(e);
    }

    @Override
    public void close() throws IOException {
      jar.close();
    }
  }

  private static final class DirectorySource implements Source {
    private final Path root;

    DirectorySource(Path root) {
      this.root = root;
    }

    @Override
    public Map<String, Long> files() throws IOException {
      Map<String, Long> files = new TreeMap<>();
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile).forEach(p -> {
          try {
            files.put(relative(p), Files.size(p));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return files;
    }

    @Override
    public List<String> directories() throws IOException {
      try (Stream<Path> s = Files.walk(root)) {
        return s.filter(p -> !p.equals(root) && Files.isDirectory(p)).map(this::relative).toList();
      }
    }

    private String relative(Path p) {
      return root.relativize(p).toString().replace('\\', '/');
    }

    @Override
    public InputStream open(String name) throws IOException {
      return Files.newInputStream(root.resolve(name));
    }

    @Override
    public void close() {}
  }
}
