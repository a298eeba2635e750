package org.convlens.inference.natives;

import org.convlens.files.UserFolders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Makes TensorFlow's native libraries loadable by DJL without a download: extracts them once from the
 * {@code org.tensorflow:tensorflow-core-native} jar on the class path into a per-user cache folder keyed by
 * version and platform, then sets {@value #LIBRARY_PATH_PROPERTY} to that folder. Call
 * {@link #ensureExtracted()} before {@code Engine.getEngine("TensorFlow")} and before anything else
 * touches JavaCPP.
 *
 * <p>It also sets {@value #JAVACPP_PATHS_FIRST} (unless already set): without it JavaCPP, which DJL's
 * TensorFlow classes load through, prefers the same libraries inside the jar and extracts a second copy of
 * some of them into {@code ~/.javacpp/cache}, so {@code libtensorflow_framework} ends up loaded twice.
 */
public final class TensorFlowNatives {
  /** The {@code tensorflow-core-native} version the pom pins: the TF Java version DJL 0.36 bundles. */
  public static final String VERSION = "1.0.0-rc.1";
  /** Read by DJL (environment variable first, then system property) to find {@code libjnitensorflow}. */
  public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
  /** System property: ConvLens's cache root; natives go to {@code <root>/tensorflow-natives/}. */
  public static final String CACHE_DIR_PROPERTY = UserFolders.CACHE_DIR_PROPERTY;
  /** JavaCPP: search the preload path (the folder DJL passes on) before the class path. */
  public static final String JAVACPP_PATHS_FIRST = "org.bytedeco.javacpp.pathsFirst";

  private static final System.Logger LOG = System.getLogger(TensorFlowNatives.class.getName());
  private static final String JNI_LIBRARY = "jnitensorflow";

  private final Path cacheRoot;
  private final NativePlatform platform;
  private final ClassLoader loader;
  private final Properties properties;
  private final Function<String, String> env;

  /** For this machine, with the cache root from {@value #CACHE_DIR_PROPERTY} or the OS default. */
  public TensorFlowNatives() {
    this(null);
  }

  /** For this machine, caching under {@code cacheRoot} (null: {@value #CACHE_DIR_PROPERTY} or OS default). */
  public TensorFlowNatives(Path cacheRoot) {
    this(cacheRoot, null, TensorFlowNatives.class.getClassLoader(), System.getProperties(), System::getenv);
  }

  /**
   * Everything injectable, for tests: a null platform is detected lazily (so an unsupported one fails in
   * {@link #ensureExtracted()} with a message, not in a constructor); {@code properties} stands for the
   * system properties, {@code env} for the environment.
   */
  TensorFlowNatives(Path cacheRoot, NativePlatform platform, ClassLoader loader, Properties properties,
      Function<String, String> env) {
    this.platform = platform;
    this.loader = Objects.requireNonNull(loader, "loader");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.env = Objects.requireNonNull(env, "env");
    this.cacheRoot = cacheRoot != null ? cacheRoot : defaultCacheRoot(properties, env);
  }

  /**
   * Ensures the natives are on disk and DJL will load them from there; returns their folder.
   *
   * @throws NativePlatform.UnsupportedPlatformException on an OS or CPU TensorFlow has no natives for
   * @throws MissingNativesException when the natives jar for this platform is not on the class path, or
   *     {@value #LIBRARY_PATH_PROPERTY} points somewhere without them
   * @throws IOException when the cache folder cannot be written
   */
  public Path ensureExtracted() throws IOException {
    return prepare().folder();
  }

  /** Like {@link #ensureExtracted()}, and says whether it extracted and how long it took. */
  public NativeExtractor.Result prepare() throws IOException {
    NativePlatform p = platform != null ? platform : NativePlatform.current();
    String jni = p.libraryFileName(JNI_LIBRARY);
    Optional<Path> userFolder = userLibraryPath(jni, cacheFolder(p));
    NativeExtractor.Result result;
    if (userFolder.isPresent()) {
      result = new NativeExtractor.Result(userFolder.get(), false, 0, Duration.ZERO);
      LOG.log(System.Logger.Level.INFO, "Using the TensorFlow natives in {0} ({1} is set)",
          userFolder.get(), LIBRARY_PATH_PROPERTY);
    } else {
      String folder = resourceFolder(p);
      try {
        result = new NativeExtractor(loader).ensureExtracted(folder, jni, cacheFolder(p));
      } catch (NoSuchFileException e) {
        if (loader.getResource(folder + jni) != null) {
          throw e; // the jar is there: this is about the cache folder
        }
        throw new MissingNativesException("TensorFlow native libraries for " + p.classifier()
            + " are not on the class path: build with the Maven profile for your OS (it adds "
            + "org.tensorflow:tensorflow-core-native:" + VERSION + ":" + p.classifier() + ")");
      }
      // Extraction is worth a line (seconds, 600 MB); reusing the cache, on every start, is not.
      LOG.log(result.extracted() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, result.extracted()
          ? "Extracted the TensorFlow natives ({0} MB) to {1} in {2} ms"
          : "Using the TensorFlow natives in {1} (checked in {2} ms)",
          String.valueOf(result.bytes() >> 20), result.folder(), String.valueOf(result.took().toMillis()));
      properties.setProperty(LIBRARY_PATH_PROPERTY, result.folder().toString());
    }
    if (properties.getProperty(JAVACPP_PATHS_FIRST) == null
        && properties.getProperty(JAVACPP_PATHS_FIRST.toLowerCase(Locale.ROOT)) == null) {
      properties.setProperty(JAVACPP_PATHS_FIRST, "true");
    }
    return result;
  }

  /** The folder the natives of {@code p} are (or will be) extracted to. */
  public Path cacheFolder(NativePlatform p) {
    return cacheRoot.resolve("tensorflow-natives").resolve(VERSION + "-" + p.classifier());
  }

  /** The class-path folder holding the natives of {@code p} inside {@code tensorflow-core-native}. */
  public static String resourceFolder(NativePlatform p) {
    return "org/tensorflow/internal/c_api/" + p.classifier() + "/";
  }

  /**
   * ConvLens's per-user cache root: {@value #CACHE_DIR_PROPERTY} when set, else {@code
   * %LOCALAPPDATA%\convlens\cache} on Windows, {@code ~/Library/Caches/convlens} on macOS, {@code
   * $XDG_CACHE_HOME/convlens} or {@code ~/.cache/convlens} elsewhere.
   */
  public static Path defaultCacheRoot() {
    return defaultCacheRoot(System.getProperties(), System::getenv);
  }

  static Path defaultCacheRoot(Properties props, Function<String, String> env) {
    return UserFolders.cacheRoot(props, env);
  }

  /**
   * A folder the user chose through {@value #LIBRARY_PATH_PROPERTY}, which DJL honours (environment first,
   * as DJL reads it), so it is respected rather than silently overridden; it must hold the JNI library.
   * Our own cache folder, set by an earlier call, does not count: it is checked like any start.
   */
  private Optional<Path> userLibraryPath(String jni, Path ours) {
    String fromEnv = env.apply(LIBRARY_PATH_PROPERTY);
    String value = fromEnv != null ? fromEnv : properties.getProperty(LIBRARY_PATH_PROPERTY);
    if (value == null || value.isBlank()
        || Path.of(value.trim()).toAbsolutePath().normalize().equals(ours.toAbsolutePath().normalize())) {
      return Optional.empty();
    }
    // DJL splits it like a path list and accepts a folder holding the library or the library itself.
    for (String entry : value.split(File.pathSeparator)) {
      Path p = Path.of(entry.trim());
      if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(jni)) {
        return Optional.of(p.toAbsolutePath().getParent());
      }
      if (Files.isRegularFile(p.resolve(jni))) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    throw new MissingNativesException(LIBRARY_PATH_PROPERTY + " is set (in the "
        + (fromEnv != null ? "environment" : "system properties") + ") to " + value + ", which holds no "
        + jni + ". DJL reads it before anything ConvLens can set: unset it, or point it at a folder with "
        + "the natives of TensorFlow Java " + VERSION + " (TensorFlow 2.16.1).");
  }

  /** The TensorFlow natives cannot be found where they should be. */
  public static final class MissingNativesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingNativesException(String message) {
      super(message);
    }
  }
}
