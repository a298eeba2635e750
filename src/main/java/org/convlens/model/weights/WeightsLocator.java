package org.convlens.model.weights;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds a model's weights file on disk, so the app starts without a download whenever the file is already
 * there. Order: a path the user gave (which must then exist: no silent fallback), the app's {@code models/}
 * folder, then the download cache and Keras's own cache, where Keras users already have the file.
 *
 * <p>Only the exact published file names are considered, so a {@code .part} file of an interrupted download
 * is never taken for the real one.
 */
public final class WeightsLocator {
  /** The app's own weights folder, relative to the working directory. */
  public static final Path DEFAULT_MODELS_DIR = Path.of("models");

  private final List<Path> folders;

  /** Searches {@code folders} in this order. */
  public WeightsLocator(List<Path> folders) {
    Set<Path> unique = new LinkedHashSet<>();
    for (Path f : folders) {
      unique.add(f.toAbsolutePath().normalize());
    }
    this.folders = List.copyOf(unique);
  }

  /** Searches {@code modelsDir}, then {@code kerasCacheDir}. */
  public WeightsLocator(Path modelsDir, Path kerasCacheDir) {
    this(List.of(modelsDir, kerasCacheDir));
  }

  /**
   * The default search: {@code models/}, the download cache when it is moved with
   * {@value WeightsDownloader#CACHE_DIR_PROPERTY} (otherwise a later start would not find what was
   * downloaded), {@code $KERAS_HOME/models} when set (Keras 3 honours it), and {@code ~/.keras/models}.
   */
  public static WeightsLocator withDefaults() {
    return withDefaults(System::getProperty, System::getenv);
  }

  static WeightsLocator withDefaults(Function<String, String> properties, Function<String, String> env) {
    List<Path> folders = new ArrayList<>();
    folders.add(DEFAULT_MODELS_DIR);
    String cache = properties.apply(WeightsDownloader.CACHE_DIR_PROPERTY);
    if (cache != null && !cache.isBlank()) {
      folders.add(Path.of(cache.trim()));
    }
    String kerasHome = env.apply("KERAS_HOME");
    if (kerasHome != null && !kerasHome.isBlank()) {
      folders.add(Path.of(kerasHome.trim(), "models"));
    }
    folders.add(kerasCacheDir(properties));
    return new WeightsLocator(folders);
  }

  /** Keras's download cache, {@code ~/.keras/models}: shared with Python Keras. */
  public static Path kerasCacheDir() {
    return kerasCacheDir(System::getProperty);
  }

  static Path kerasCacheDir(Function<String, String> properties) {
    return Path.of(properties.apply("user.home"), ".keras", "models");
  }

  /** The folders searched, absolute, in order. */
  public List<Path> folders() {
    return folders;
  }

  /** Searches the folders; see {@link #locate(KnownWeights, Path)}. */
  public Location locate(KnownWeights weights) {
    return search(weights);
  }

  /**
   * Finds the weights. An {@code explicitPath} (may be null) wins and must be a readable file; otherwise the
   * file with the classification head is preferred in every folder before a {@code _notop} file is accepted,
   * because the head is what gives predictions.
   *
   * @throws FileSystemException when {@code explicitPath} is given and missing, a folder or unreadable; the
   *     message names the path
   */
  public Location locate(KnownWeights weights, Path explicitPath) throws FileSystemException {
    Objects.requireNonNull(weights, "weights");
    if (explicitPath == null) {
      return search(weights);
    }
    Path p = explicitPath.toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new NoSuchFileException(p.toString(), null, "the weights file given does not exist");
    }
    if (!Files.isRegularFile(p)) {
      throw new FileSystemException(p.toString(), null, "the weights path given is not a file");
    }
    if (!Files.isReadable(p)) {
      throw new AccessDeniedException(p.toString(), null, "the weights file given is not readable");
    }
    Optional<WeightsFile> known = weights.files().stream()
        .filter(f -> f.fileName().equals(String.valueOf(p.getFileName())))
        .findFirst();
    return new Found(p, known);
  }

  private Location search(KnownWeights weights) {
    for (WeightsFile file : weights.files()) {
      for (Path folder : folders) {
        Path candidate = folder.resolve(file.fileName());
        if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
          return new Found(candidate, Optional.of(file));
        }
      }
    }
    return new NotFound(weights, folders);
  }

  /** The outcome of a search: {@link Found} or {@link NotFound}. */
  public sealed interface Location permits Found, NotFound {}

  /**
   * A weights file that exists and is readable.
   *
   * @param path the absolute path
   * @param file which published file it is, empty for a user's file with another name
   */
  public record Found(Path path, Optional<WeightsFile> file) implements Location {}

  /**
   * No weights anywhere; says where it looked, for the message the user sees.
   *
   * @param weights what was looked for
   * @param folders every folder searched, in order
   */
  public record NotFound(KnownWeights weights, List<Path> folders) implements Location {
    public NotFound {
      folders = List.copyOf(folders);
    }

    /** The message with a generic download hint: the official URL and Keras's cache folder. */
    public String message() {
      String url = weights.baseUrls().isEmpty() ? weights.preferred().fileName()
          : KnownWeights.urlOf(weights.baseUrls().get(0), weights.preferred()).toString();
      return message("download it from " + url + " into " + kerasCacheDir());
    }

    /**
     * "{model} weights not found: looked in A, B, C for {file} (or {notop}); {howToDownload}, or pass
     * --weights FILE, or use --untrained".
     */
    public String message(String howToDownload) {
      String names = weights.files().stream().map(WeightsFile::fileName)
          .collect(Collectors.joining(" or "));
      String places = folders.stream().map(Path::toString).collect(Collectors.joining(", "));
      return weights.modelName() + " weights not found: looked in " + places + " for " + names + "; "
          + howToDownload + ", or pass --weights FILE, or use --untrained";
    }
  }
}
