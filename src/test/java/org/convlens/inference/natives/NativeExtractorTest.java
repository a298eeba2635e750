package org.convlens.inference.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeExtractorTest {
  @TempDir Path tmp;
  private FakeNativesJar jar;
  private URLClassLoader loader;
  private Path cache;
  private Path target;

  @BeforeEach
  void setUp() throws IOException {
    jar = FakeNativesJar.create(Files.createDirectories(tmp.resolve("jars")), 200_000);
    loader = jar.loader();
    cache = tmp.resolve("cache");
    target = cache.resolve("1.0.0-rc.1-linux-x86_64");
  }

  @AfterEach
  void closeLoader() throws IOException {
    loader.close();
  }

  @Test
  void extractsTheResourceFolderFromAJar() throws IOException {
    NativeExtractor.Result r = extract();

    assertTrue(r.extracted());
    assertEquals(target, r.folder());
    assertSameFiles();
    assertTrue(Files.isDirectory(target.resolve("EMPTY_FOLDER")), "empty folders are copied too");
    assertFalse(Files.exists(target.resolve("other-file.txt")));
    assertFalse(Files.exists(cache.resolve("other-file.txt")));
    assertTrue(Files.isRegularFile(target.resolve(NativeExtractor.MANIFEST)));
    assertEquals(List.of(target.getFileName().toString()), siblings(), "no temporary folder left");
    long total = jar.files.values().stream().mapToLong(b -> b.length).sum();
    assertEquals(total, r.bytes());
  }

  @Test
  void aSecondCallReusesTheFolderWithoutExtracting() throws IOException {
    extract();
    FileTime before = Files.getLastModifiedTime(target.resolve("libtensorflow_cc.so.2"));
    Files.setLastModifiedTime(target.resolve("libtensorflow_cc.so.2"), FileTime.fromMillis(1_000_000));

    NativeExtractor.Result again = extract();

    assertFalse(again.extracted());
    assertEquals(FileTime.fromMillis(1_000_000),
        Files.getLastModifiedTime(target.resolve("libtensorflow_cc.so.2")), "not rewritten (was " + before + ")");
  }

  @Test
  void aDeletedFileIsNoticedAndTheCacheRebuilt() throws IOException {
    extract();
    Files.delete(target.resolve("libtensorflow_framework.so.2"));

    assertTrue(extract().extracted());
    assertSameFiles();
    assertEquals(List.of(target.getFileName().toString()), siblings(), "no damaged copy left");
  }

  @Test
  void aTruncatedFileIsNoticedAndTheCacheRebuilt() throws IOException {
    extract();
    try (RandomAccessFile f = new RandomAccessFile(target.resolve("libtensorflow_cc.so.2").toFile(), "rw")) {
      f.setLength(1000);
    }

    assertTrue(extract().extracted());
    assertSameFiles();
  }

  @Test
  void aFolderWithoutManifestIsRebuilt() throws IOException {
    extract();
    Files.delete(target.resolve(NativeExtractor.MANIFEST));

    assertTrue(extract().extracted());
    assertSameFiles();
  }

  @Test
  void aHalfWrittenFolderFromAnOldCrashIsReplaced() throws IOException {
    Files.createDirectories(target);
    Files.write(target.resolve(FakeNativesJar.JNI), new byte[] {1, 2});

    assertTrue(extract().extracted());
    assertSameFiles();
  }

  @Test
  void aDifferentJarOfTheSameNameIsNoticed() throws IOException {
    extract();
    loader.close();
    jar = FakeNativesJar.create(Files.createDirectories(tmp.resolve("jars2")), 123_456);
    loader = jar.loader();

    assertTrue(extract().extracted(), "sizes in the manifest differ from the new jar's");
    assertSameFiles();
  }

  @Test
  void fourThreadsAtOnceEndWithOneValidFolderAndNoTemporaryFolders() throws Exception {
    // Bigger files so the threads really overlap while extracting.
    loader.close();
    jar = FakeNativesJar.create(Files.createDirectories(tmp.resolve("jars-big")), 8_000_000);
    loader = jar.loader();
    int threads = 4;
    for (int round = 0; round < 3; round++) {
      org.convlens.files.FileTrees.deleteQuietly(cache);
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<NativeExtractor.Result>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          // A separate extractor and class loader each, as separate processes would have.
          URLClassLoader own = jar.loader();
          Callable<NativeExtractor.Result> task = () -> {
            try (own) {
              start.await(5, TimeUnit.SECONDS);
              return new NativeExtractor(own).ensureExtracted(FakeNativesJar.FOLDER, FakeNativesJar.JNI, target);
            }
          };
          results.add(pool.submit(task));
        }
        int extracted = 0;
        for (Future<NativeExtractor.Result> f : results) {
          NativeExtractor.Result r = f.get(20, TimeUnit.SECONDS);
          assertEquals(target, r.folder());
          extracted += r.extracted() ? 1 : 0;
        }
        assertEquals(1, extracted, "exactly one copy published");
        assertSameFiles();
        assertEquals(List.of(target.getFileName().toString()), siblings(), "round " + round);
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void extractsFromAFolderOnTheClassPathToo() throws IOException {
    Path classes = tmp.resolve("classes");
    for (Map.Entry<String, byte[]> e : jar.files.entrySet()) {
      Path p = classes.resolve(FakeNativesJar.FOLDER + e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    try (URLClassLoader dirLoader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      NativeExtractor.Result r =
          new NativeExtractor(dirLoader).ensureExtracted(FakeNativesJar.FOLDER, FakeNativesJar.JNI, target);
      assertTrue(r.extracted());
    }
    assertSameFiles();
  }

  @Test
  void aMissingResourceFolderIsReported() throws IOException {
    try (URLClassLoader empty = FakeNativesJar.loaderOf(FakeNativesJar.empty(tmp))) {
      NoSuchFileException e = assertThrows(NoSuchFileException.class, () ->
          new NativeExtractor(empty).ensureExtracted(FakeNativesJar.FOLDER, FakeNativesJar.JNI, target));
      assertTrue(e.getMessage().contains(FakeNativesJar.FOLDER + FakeNativesJar.JNI), e.getMessage());
    }
    assertFalse(Files.exists(target));
  }

  private NativeExtractor.Result extract() {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        new NativeExtractor(loader).ensureExtracted(FakeNativesJar.FOLDER, FakeNativesJar.JNI, target));
  }

  private void assertSameFiles() throws IOException {
    for (Map.Entry<String, byte[]> e : jar.files.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(target.resolve(e.getKey())), e.getKey());
    }
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
