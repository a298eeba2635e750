package org.convlens.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.convlens.model.weights.WeightsDownloadException.FailureKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsDownloaderTest {
  private static final String NAME = "fake_weights.h5";
  private static final byte[] PAYLOAD = payload(1_000_000, 42);
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @TempDir Path cache;
  private LocalHttpServer server;
  private ExecutorService background;

  @BeforeEach
  void start() throws IOException {
    server = new LocalHttpServer();
    background = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws InterruptedException {
    background.shutdownNow();
    assertTrue(background.awaitTermination(5, TimeUnit.SECONDS), "download thread did not end");
    server.close();
  }

  @Test
  void downloadsVerifiesAndReportsMonotonicProgressEndingAtTotal() throws Exception {
    server.on("/official/" + NAME, LocalHttpServer.file(PAYLOAD));
    List<long[]> progress = new CopyOnWriteArrayList<>();

    Path file = assertTimeoutPreemptively(LIMIT, () -> downloader(server.base("official"))
        .download(weights(md5(PAYLOAD)), (done, total) -> progress.add(new long[] {done, total}),
            new CancellationToken()));

    assertEquals(cache.resolve(NAME), file);
    assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
    assertEquals(List.of(NAME), listing(), "only the verified file, no .part");
    assertTrue(progress.size() >= 3, "start, some steps and the end: " + progress.size());
    for (int i = 1; i < progress.size(); i++) {
      assertTrue(progress.get(i)[0] >= progress.get(i - 1)[0], "progress went back at " + i);
    }
    progress.forEach(p -> assertEquals(PAYLOAD.length, p[1], "total"));
    assertEquals(PAYLOAD.length, progress.get(progress.size() - 1)[0], "ends at total");
  }

  @Test
  void fallsBackToTheMirrorAfter404() throws Exception {
    server.on("/mirror/" + NAME, LocalHttpServer.file(PAYLOAD));

    Path file = assertTimeoutPreemptively(LIMIT, () ->
        downloader(server.base("official"), server.base("mirror")).download(weights(md5(PAYLOAD)),
            WeightsDownloader.ProgressListener.NONE, new CancellationToken()));

    assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
    assertEquals(List.of("/official/" + NAME, "/mirror/" + NAME), server.requests);
    assertEquals(List.of(NAME), listing());
  }

  @Test
  void notFoundAnywhereListsEveryUrlAndWhatToDo() throws Exception {
    URI official = server.base("official");
    URI mirror = server.base("mirror");

    WeightsDownloadException e = assertThrows(WeightsDownloadException.class, () -> download(
        downloader(official, mirror), weights(md5(PAYLOAD)), new CancellationToken()));

    String m = e.getMessage();
    assertTrue(m.contains(official.resolve(NAME) + ": HTTP 404"), m);
    assertTrue(m.contains(mirror.resolve(NAME) + ": HTTP 404"), m);
    assertTrue(m.contains("--weights FILE") && m.contains("--untrained") && m.contains(cache.toString()), m);
    assertEquals(2, e.attempts().size());
    assertTrue(e.attempts().stream().allMatch(a -> a.kind() == FailureKind.HTTP_STATUS));
    assertFalse(e.looksOffline());
    assertEquals(List.of(), listing());
  }

  @Test
  void wrongChecksumLeavesNothingInTheCache() throws Exception {
    server.on("/official/" + NAME, LocalHttpServer.file(PAYLOAD));
    String expected = md5(new byte[] {1, 2, 3});

    WeightsDownloadException e = assertThrows(WeightsDownloadException.class, () -> download(
        downloader(server.base("official")), weights(expected), new CancellationToken()));

    assertEquals(FailureKind.CHECKSUM, e.attempts().get(0).kind());
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(md5(PAYLOAD)), e.getMessage());
    assertEquals(List.of(), listing(), "not even a .part file");
  }

  @Test
  void connectionCutMidwayIsAnErrorAndLeavesNothing() throws Exception {
    WeightsDownloadException e;
    try (LocalHttpServer.Truncating cut = new LocalHttpServer.Truncating(PAYLOAD, PAYLOAD.length / 2)) {
      e = assertThrows(WeightsDownloadException.class, () -> download(
          downloader(cut.base()), weights(md5(PAYLOAD)), new CancellationToken()));
    }

    assertEquals(FailureKind.INCOMPLETE, e.attempts().get(0).kind(), e.getMessage());
    assertTrue(e.getMessage().contains("of " + PAYLOAD.length + " bytes"), e.getMessage());
    assertEquals(List.of(), listing());
  }

  @Test
  void cancelFromAnotherThreadReturnsPromptlyAndLeavesNothing() throws Exception {
    // 1 MB at 8 KB per 50 ms would take over 6 s; the loop stops after 100 chunks regardless.
    server.on("/official/" + NAME, LocalHttpServer.slow(PAYLOAD, 8 * 1024, 50, 100));
    CancellationToken token = new CancellationToken();
    CountDownLatch started = new CountDownLatch(1);
    WeightsDownloader downloader = downloader(server.base("official"));

    Future<Path> f = background.submit(() ->
        downloader.download(weights(md5(PAYLOAD)), (done, total) -> started.countDown(), token));
    assertTrue(started.await(5, TimeUnit.SECONDS), "the download never started");
    Thread.sleep(200); // let some bytes land in the part file
    assertEquals(1, listing().size(), "a part file while downloading: " + listing());
    long t0 = System.nanoTime();
    token.cancel();

    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertInstanceOf(CancellationException.class, e.getCause());
    assertTrue(millis < 1000, "took " + millis + " ms to stop");
    assertEquals(List.of(), listing());
  }

  @Test
  void interruptingTheThreadStopsTheDownloadAndLeavesNothing() throws Exception {
    server.on("/official/" + NAME, LocalHttpServer.slow(PAYLOAD, 8 * 1024, 50, 100));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    List<Throwable> outcome = new CopyOnWriteArrayList<>();
    WeightsDownloader downloader = downloader(server.base("official"));

    Future<?> f = background.submit(() -> {
      try {
        downloader.download(weights(md5(PAYLOAD)), (done, total) -> started.countDown(),
            new CancellationToken());
      } catch (Throwable t) {
        outcome.add(t);
      } finally {
        ended.countDown();
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS), "the download never started");
    Thread.sleep(200);
    f.cancel(true); // interrupts the downloading thread

    assertTrue(ended.await(1, TimeUnit.SECONDS), "still downloading after the interrupt");
    assertEquals(1, outcome.size());
    assertInstanceOf(InterruptedException.class, outcome.get(0));
    assertEquals(List.of(), listing());
  }

  @Test
  void aSilentServerTimesOutAndLeavesNothing() throws Exception {
    // Sends 8 KB, then nothing for up to 3 s (bounded) while the stall limit is 300 ms.
    server.on("/official/" + NAME, LocalHttpServer.slow(PAYLOAD, 8 * 1024, 3000, 2));
    WeightsDownloader downloader = new WeightsDownloader(settings(server.base("official"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300)));

    long t0 = System.nanoTime();
    WeightsDownloadException e = assertThrows(WeightsDownloadException.class,
        () -> download(downloader, weights(md5(PAYLOAD)), new CancellationToken()));

    assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "the stall was not cut short");
    assertEquals(FailureKind.TIMEOUT, e.attempts().get(0).kind(), e.getMessage());
    assertTrue(e.getMessage().contains("no data for 300 ms"), e.getMessage());
    assertEquals(List.of(), listing());
  }

  @Test
  void connectionRefusedGivesTheOfflineMessage() throws Exception {
    URI nobody = URI.create("http://127.0.0.1:" + LocalHttpServer.closedPort() + "/official/");

    WeightsDownloadException e = assertThrows(WeightsDownloadException.class, () -> download(
        downloader(nobody), weights(md5(PAYLOAD)), new CancellationToken()));

    assertTrue(e.looksOffline());
    assertTrue(e.getMessage().contains("are you offline?"), e.getMessage());
    assertTrue(e.getMessage().contains(nobody.resolve(NAME) + ": connection refused"), e.getMessage());
    assertEquals(List.of(), listing());
  }

  @Test
  void aVerifiedFileAlreadyInTheCacheIsNotDownloadedAgain() throws Exception {
    Files.write(cache.resolve(NAME), PAYLOAD);

    Path file = download(downloader(server.base("official")), weights(md5(PAYLOAD)), new CancellationToken());

    assertEquals(cache.resolve(NAME), file);
    assertEquals(List.of(), server.requests);
  }

  @Test
  void aCorruptFileInTheCacheIsReplaced() throws Exception {
    Files.write(cache.resolve(NAME), new byte[] {9, 9, 9});
    server.on("/official/" + NAME, LocalHttpServer.file(PAYLOAD));

    Path file = download(downloader(server.base("official")), weights(md5(PAYLOAD)), new CancellationToken());

    assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
    assertEquals(List.of(NAME), listing());
  }

  @Test
  void settingsComeFromSystemProperties() {
    Map<String, String> props = Map.of(
        WeightsDownloader.BASE_URLS_PROPERTY, " http://127.0.0.1:1/a , http://127.0.0.1:1/b/",
        WeightsDownloader.CACHE_DIR_PROPERTY, cache.toString(),
        "user.home", "/home/someone");
    DownloadSettings s = DownloadSettings.from(props::get);
    assertEquals(List.of(URI.create("http://127.0.0.1:1/a/"), URI.create("http://127.0.0.1:1/b/")),
        s.baseUrls());
    assertEquals(cache, s.cacheDir());

    DownloadSettings d = DownloadSettings.from(Map.of("user.home", "/home/someone")::get);
    assertEquals(List.of(), d.baseUrls(), "empty means the weights' own URLs");
    assertEquals(Path.of("/home/someone/.keras/models"), d.cacheDir());
  }

  private WeightsDownloader downloader(URI... bases) {
    return new WeightsDownloader(settings(bases));
  }

  private DownloadSettings settings(URI... bases) {
    return new DownloadSettings(List.of(bases), cache, Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  private static Path download(WeightsDownloader d, KnownWeights w, CancellationToken token)
      throws Exception {
    return assertTimeoutPreemptively(LIMIT,
        () -> d.download(w, WeightsDownloader.ProgressListener.NONE, token));
  }

  private static KnownWeights weights(String md5) {
    // The official URLs stay unreachable here: every test overrides them through Settings.
    return new KnownWeights("Fake", List.of(new WeightsFile(NAME, md5, true)),
        List.of(URI.create("https://example.invalid/weights/")));
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }
}
