package org.convlens.files;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where ConvLens keeps per-user files, by each OS's convention. {@code -Dconvlens.cacheDir} and
 * {@code -Dconvlens.configDir} override them (tests use that to stay out of the user's home).
 */
public final class UserFolders {
  public static final String CACHE_DIR_PROPERTY = "convlens.cacheDir";
  public static final String CONFIG_DIR_PROPERTY = "convlens.configDir";
  /** Read by logback.xml; the launcher sets it from {@link #logRoot()} before anything logs. */
  public static final String LOG_DIR_PROPERTY = "convlens.logDir";

  private UserFolders() {}

  /** The cache root: TensorFlow natives and built SavedModels, safe to delete. */
  public static Path cacheRoot() {
    return cacheRoot(System.getProperties(), System::getenv);
  }

  /** The configuration folder: settings. */
  public static Path configRoot() {
    return configRoot(System.getProperties(), System::getenv);
  }

  /** The log folder: the rolling {@code convlens.log} that Help > Show log opens. */
  public static Path logRoot() {
    return logRoot(System.getProperties(), System::getenv);
  }

  /** The current log file (older ones are {@code convlens.1.log} ... beside it). */
  public static Path logFile() {
    return logRoot().resolve("convlens.log");
  }

  /**
   * {@code %LOCALAPPDATA%\convlens\logs} on Windows, {@code ~/Library/Logs/convlens} on macOS,
   * {@code $XDG_STATE_HOME/convlens} or {@code ~/.local/state/convlens} elsewhere.
   */
  public static Path logRoot(Properties props, Function<String, String> env) {
    return override(props, LOG_DIR_PROPERTY, byOs(props, env,
        local -> local.resolve("convlens").resolve("logs"), "Library/Logs/convlens", "XDG_STATE_HOME",
        ".local/state"));
  }

  /**
   * {@code %LOCALAPPDATA%\convlens\cache} on Windows, {@code ~/Library/Caches/convlens} on macOS,
   * {@code $XDG_CACHE_HOME/convlens} or {@code ~/.cache/convlens} elsewhere.
   */
  public static Path cacheRoot(Properties props, Function<String, String> env) {
    return override(props, CACHE_DIR_PROPERTY, byOs(props, env,
        local -> local.resolve("convlens").resolve("cache"), "Library/Caches/convlens", "XDG_CACHE_HOME", ".cache"));
  }

  /**
   * {@code %APPDATA%\convlens} on Windows, {@code ~/Library/Application Support/convlens} on macOS,
   * {@code $XDG_CONFIG_HOME/convlens} or {@code ~/.config/convlens} elsewhere.
   */
  public static Path configRoot(Properties props, Function<String, String> env) {
    return override(props, CONFIG_DIR_PROPERTY, byOs(props, env,
        appData -> appData.resolve("convlens"), "Library/Application Support/convlens", "XDG_CONFIG_HOME", ".config"));
  }

  private static Path override(Properties props, String property, Path fallback) {
    String value = props.getProperty(property);
    return value == null || value.isBlank() ? fallback : Path.of(value.trim());
  }

  private static Path byOs(Properties props, Function<String, String> env, Function<Path, Path> windows,
      String macFolder, String xdgVariable, String xdgDefault) {
    Path home = Path.of(props.getProperty("user.home"));
    String os = props.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      boolean cache = !xdgVariable.equals("XDG_CONFIG_HOME"); // caches and logs are local, settings roam
      String base = env.apply(cache ? "LOCALAPPDATA" : "APPDATA");
      return windows.apply(base != null && !base.isBlank() ? Path.of(base)
          : home.resolve(cache ? "AppData/Local" : "AppData/Roaming"));
    }
    if (os.startsWith("mac")) {
      return home.resolve(macFolder);
    }
    String xdg = env.apply(xdgVariable);
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(xdgDefault)).resolve("convlens");
  }
}
