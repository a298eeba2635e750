package org.convlens.model.weights;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where {@link WeightsDownloader} downloads from and to, and how long it waits.
 *
 * @param baseUrls folders to fetch from instead of the weights' own; empty means use theirs
 * @param cacheDir the folder the verified file lands in
 * @param connectTimeout the limit for opening a connection
 * @param responseTimeout the limit for the response headers after connecting
 * @param stallTimeout the longest silence allowed while the body streams
 */
public record DownloadSettings(List<URI> baseUrls, Path cacheDir, Duration connectTimeout,
    Duration responseTimeout, Duration stallTimeout) {

  public DownloadSettings {
    baseUrls = baseUrls.stream().map(KnownWeights::asFolder).toList();
    Objects.requireNonNull(cacheDir, "cacheDir");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    requirePositive(stallTimeout, "stallTimeout");
  }

  /**
   * Defaults, overridden by the system properties {@value WeightsDownloader#BASE_URLS_PROPERTY} and
   * {@value WeightsDownloader#CACHE_DIR_PROPERTY}: the weights' own URLs, Keras's cache folder, 15 s to connect, 30 s for
   * the response, 60 s of silence.
   */
  public static DownloadSettings fromSystemProperties() {
    return from(System::getProperty);
  }

  static DownloadSettings from(Function<String, String> properties) {
    List<URI> urls = List.of();
    String list = properties.apply(WeightsDownloader.BASE_URLS_PROPERTY);
    if (list != null && !list.isBlank()) {
      urls = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .map(URI::create).collect(Collectors.toList());
    }
    String dir = properties.apply(WeightsDownloader.CACHE_DIR_PROPERTY);
    Path cache = dir == null || dir.isBlank()
        ? WeightsLocator.kerasCacheDir(properties) : Path.of(dir.trim());
    return new DownloadSettings(urls, cache, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  public DownloadSettings withBaseUrls(List<URI> urls) {
    return new DownloadSettings(urls, cacheDir, connectTimeout, responseTimeout, stallTimeout);
  }

  public DownloadSettings withCacheDir(Path dir) {
    return new DownloadSettings(baseUrls, dir, connectTimeout, responseTimeout, stallTimeout);
  }

  public DownloadSettings withTimeouts(Duration connect, Duration response, Duration stall) {
    return new DownloadSettings(baseUrls, cacheDir, connect, response, stall);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
