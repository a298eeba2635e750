package org.convlens.pipeline;

import java.nio.file.Path;

/**
 * The per-user folders ConvLens keeps things in, following each OS's convention: configuration (settings) and
 * cache (TensorFlow natives, built SavedModels). {@code -Dconvlens.configDir} and {@code -Dconvlens.cacheDir}
 * override them, which tests use to stay out of the user's home.
 */
public record AppDirs(Path config, Path cache) {

  /** The folders for this user and OS, with the system-property overrides applied. */
  public static AppDirs forCurrentUser() {
    String os = System.getProperty("os.name", "").toLowerCase();
    Path home = Path.of(System.getProperty("user.home"));
    Path config;
    Path cache;
    if (os.contains("win")) {
      Path appData = envPath("APPDATA", home.resolve("AppData/Roaming"));
      Path local = envPath("LOCALAPPDATA", home.resolve("AppData/Local"));
      config = appData.resolve("ConvLens");
      cache = local.resolve("ConvLens/cache");
    } else if (os.contains("mac")) {
      config = home.resolve("Library/Application Support/ConvLens");
      cache = home.resolve("Library/Caches/ConvLens");
    } else {
      config = envPath("XDG_CONFIG_HOME", home.resolve(".config")).resolve("convlens");
      cache = envPath("XDG_CACHE_HOME", home.resolve(".cache")).resolve("convlens");
    }
    return new AppDirs(property("convlens.configDir", config), property("convlens.cacheDir", cache));
  }

  private static Path envPath(String name, Path fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Path.of(value);
  }

  private static Path property(String name, Path fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Path.of(value);
  }

  public Path savedModels() {
    return cache.resolve("savedmodels");
  }
}
