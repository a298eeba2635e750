package org.convlens.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.convlens.model.weights.CancellationToken;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.KnownWeights;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsFile;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.settings.SettingsStore;

/**
 * Work a kill test runs in a child JVM (on the test class path) and kills with SIGKILL midway:
 * <ul>
 *   <li>{@code download URL CACHE MD5}: the product's downloader fetches {@link #WEIGHTS_FILE} into CACHE;
 *   <li>{@code settings CONFIG}: saves settings.json again and again, each with a numbered image folder, printing
 *       "saved N" after each.
 * </ul>
 */
public final class ChildTasks {
  /** The name of the file the download serves. */
  public static final String WEIGHTS_FILE = "fake_weights_tf_dim_ordering_tf_kernels.h5";

  private ChildTasks() {}

  /** The weights the download child fetches: one file with this MD5 from this server. */
  public static KnownWeights weights(String md5, URI base) {
    return new KnownWeights("Fake", List.of(new WeightsFile(WEIGHTS_FILE, md5, true)), List.of(base));
  }

  /** The image folder of the n-th save; long, so that a save takes a while and a kill can land inside it. */
  public static String folder(long n) {
    return "/images/" + n + "/" + "x".repeat(256 * 1024);
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "download" -> {
        URI base = URI.create(args[1]);
        DownloadSettings settings = new DownloadSettings(List.of(base), Path.of(args[2]), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(10));
        Path file = new WeightsDownloader(settings).download(weights(args[3], base), (done, total) -> { },
            new CancellationToken());
        System.out.println("downloaded " + file);
      }
      case "settings" -> {
        SettingsStore store = new SettingsStore(Path.of(args[1]));
        for (long n = 0; ; n++) {
          store.save(Settings.defaults().withImageFolder(folder(n)));
          System.out.println("saved " + n);
          System.out.flush();
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
