package org.convlens.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Keras applications' published weights: both files of each, as Keras names and hashes them, and the two
 * checksums that are not an MD5 (ConvNeXt's SHA-256, MobileNetV2's none) verified as Keras verifies them.
 */
class KerasApplicationWeightsTest {
  private static final byte[] PAYLOAD = "not really weights, but bytes to check".getBytes();

  @TempDir Path cache;
  private LocalHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static Stream<KnownWeights> keras() {
    return Stream.of(KnownWeights.RESNET50_V2, KnownWeights.VGG16, KnownWeights.RESNET50, KnownWeights.MOBILENET_V2,
        KnownWeights.XCEPTION, KnownWeights.INCEPTION_V3, KnownWeights.DENSENET121, KnownWeights.EFFICIENTNET_B0,
        KnownWeights.CONVNEXT_TINY);
  }

  @ParameterizedTest
  @MethodSource("keras")
  void eachHasItsFileWithTheHeadFirstThenTheOneWithout(KnownWeights weights) {
    assertEquals(2, weights.files().size());
    WeightsFile top = weights.files().get(0);
    WeightsFile notop = weights.files().get(1);
    assertTrue(top.includesTop() && !notop.includesTop());
    assertEquals(top, weights.preferred());
    assertTrue(notop.fileName().contains("notop") || notop.fileName().contains("no_top"), notop.fileName());
    assertTrue(top.fileName().endsWith(".h5") && notop.fileName().endsWith(".h5"));
    assertEquals("https", weights.baseUrls().get(0).getScheme());
    assertEquals("storage.googleapis.com", weights.baseUrls().get(0).getHost());
  }

  @Test
  void checksumsAreTheOnesInKerassSource() {
    assertEquals("64373286793e3c8b2b4e3219cbf3544b", KnownWeights.VGG16.preferred().checksum());
    assertEquals("4d473c1dd8becc155b73f8504c6f6626", KnownWeights.RESNET50.files().get(1).checksum());
    assertEquals("30ee3e1110167f948a6b9946edeeb738", KnownWeights.DENSENET121.files().get(1).checksum());
    assertEquals("MD5", KnownWeights.EFFICIENTNET_B0.preferred().algorithm());
    assertEquals("https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5",
        KnownWeights.urlOf(KnownWeights.EFFICIENTNET_B0.baseUrls().get(0), KnownWeights.EFFICIENTNET_B0.files().get(1))
            .toString());
    assertEquals("SHA-256", KnownWeights.CONVNEXT_TINY.preferred().algorithm());
    assertNull(KnownWeights.MOBILENET_V2.preferred().checksum(), "Keras publishes no hash for MobileNetV2");
    assertNull(KnownWeights.MOBILENET_V2.preferred().algorithm());
  }

  @Test
  void aChecksumIsAnMd5OrASha256() {
    String sha256 = "8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff";
    assertEquals(sha256, new WeightsFile("a.h5", sha256.toUpperCase(), true).checksum());
    assertThrows(IllegalArgumentException.class, () -> new WeightsFile("a.h5", sha256.substring(1), true));
  }

  @Test
  void aSha256FileIsVerifiedWithSha256() throws Exception {
    server.on("/w/x.h5", LocalHttpServer.file(PAYLOAD));
    Path file = downloader().download(weights(hex("SHA-256", PAYLOAD)), (done, total) -> { },
        new CancellationToken());
    assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
    assertEquals(hex("SHA-256", PAYLOAD), WeightsDownloader.hashOf(file, "SHA-256"));
  }

  @Test
  void aWrongSha256SaysWhichAlgorithmAndLeavesNothing() throws Exception {
    server.on("/w/x.h5", LocalHttpServer.file(PAYLOAD));
    String expected = hex("SHA-256", "other bytes".getBytes());
    var e = assertThrows(WeightsDownloadException.class, () -> downloader().download(weights(expected),
        (done, total) -> { }, new CancellationToken()));
    assertTrue(e.getMessage().contains("SHA-256 " + expected), e.getMessage());
    try (var files = Files.list(cache)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aFileWithoutAPublishedChecksumIsTakenAsServed() throws Exception {
    server.on("/w/x.h5", LocalHttpServer.file(PAYLOAD));
    Path file = downloader().download(weights(null), (done, total) -> { }, new CancellationToken());
    assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
    int requests = server.requests.size();
    assertEquals(file, downloader().download(weights(null), (done, total) -> { }, new CancellationToken()));
    assertEquals(requests, server.requests.size(), "the file already there is used, as Keras does");
    assertFalse(server.requests.isEmpty());
  }

  private WeightsDownloader downloader() {
    return new WeightsDownloader(new DownloadSettings(List.of(server.base("w")), cache, Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(5)));
  }

  private static KnownWeights weights(String checksum) {
    return new KnownWeights("X", List.of(new WeightsFile("x.h5", checksum, true)),
        List.of(URI.create("https://example.invalid/w/")));
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
