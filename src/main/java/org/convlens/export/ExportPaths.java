package org.convlens.export;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Where exports go and what they are called: the per-image folder name the command line and the app's
 * "Export all views" share, a fresh folder that never replaces the user's files, and the export dialogs'
 * defaults (a folder outside the program's working folder, file names that start with the image's name).
 */
public final class ExportPaths {
  private ExportPaths() {}

  /** The image's file name without its extension: {@code chelsea} for {@code chelsea.png}. */
  public static String baseName(Path image) {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The first of {@code base}, {@code base-2}, {@code base-3} ... that is not {@code taken}. */
  public static String unique(String base, Predicate<String> taken) {
    String candidate = base;
    for (int i = 2; taken.test(candidate); i++) {
      candidate = base + "-" + i;
    }
    return candidate;
  }

  /**
   * Creates a new, empty folder in {@code parent} named after {@code image} ({@code chelsea}, or
   * {@code chelsea-2} ... when that exists) and returns it. Never returns a folder that existed before, even
   * when another program creates one at the same moment.
   */
  public static Path createFolderFor(Path parent, Path image) throws IOException {
    Files.createDirectories(parent);
    String base = baseName(image);
    while (true) {
      Path folder = parent.resolve(unique(base, name -> Files.exists(parent.resolve(name))));
      try {
        return Files.createDirectory(folder);
      } catch (FileAlreadyExistsException raced) {
        // Someone made it between the check and now: try the next name.
      }
    }
  }

  /**
   * The folder an export dialog opens in: the remembered export folder if it still exists, else the user's
   * Pictures folder when there is one, else the home folder; never the working folder the app was started in.
   *
   * @param remembered the folder of the last export, from the settings; null for none
   */
  public static Path defaultFolder(String remembered, Path home) {
    if (remembered != null && !remembered.isBlank() && Files.isDirectory(Path.of(remembered))) {
      return Path.of(remembered);
    }
    Path pictures = home.resolve("Pictures");
    return Files.isDirectory(pictures) ? pictures : home;
  }

  /**
   * A default file name that says which image it came from: {@code chelsea-conv2.png} for the view
   * {@code conv2.png} of {@code chelsea.png}; just {@code suggested} when there is no image. Characters no file
   * system allows in a name (layer names can hold '/') become '_'.
   */
  public static String defaultFileName(Path image, String suggested) {
    String name = image == null || image.getFileName() == null ? suggested : baseName(image) + "-" + suggested;
    return name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
  }

  /** {@code file} with {@code extension} (e.g. ".png") appended unless its name already ends with it. */
  public static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(extension.toLowerCase(java.util.Locale.ROOT)) ? file
        : file.resolveSibling(name + extension);
  }
}
