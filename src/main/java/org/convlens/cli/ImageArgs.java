package org.convlens.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The images a command's arguments name: files as given, a folder's images (sorted; its sub-folders too with
 * {@code recursive}), and glob patterns such as {@code 'photos/*.jpg'}, expanded here for shells (and Windows)
 * that pass them on as they are.
 *
 * @param images the image files, in order
 * @param oneFile whether the arguments were exactly one file (not a folder or pattern): its files go straight
 *     into the output folder rather than into a sub-folder named after it
 */
record ImageArgs(List<Path> images, boolean oneFile) {
  /** File name endings of the formats the image reader takes (ImageLoader.supportedFormats). */
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
  private static final String EXTENSION_LIST = ".png, .jpg, .jpeg, .bmp, .gif";

  static ImageArgs expand(List<String> args, boolean recursive) throws IOException {
    List<Path> images = new ArrayList<>();
    boolean plainFiles = true;
    for (String arg : args) {
      if (isPattern(arg) && !exists(arg)) {
        int slash = lastSlashBeforeWildcard(arg);
        Path base = Path.of(slash < 0 ? "." : slash == 0 ? "/" : arg.substring(0, slash));
        List<Path> matches = matching(base, arg.substring(slash + 1));
        if (matches.isEmpty()) {
          throw new IllegalArgumentException("'" + arg + "' matches no image file (" + EXTENSION_LIST
              + "); check the pattern and the folder");
        }
        images.addAll(matches);
        plainFiles = false;
      } else if (Files.isDirectory(Path.of(arg))) {
        List<Path> found = folder(Path.of(arg), recursive);
        if (found.isEmpty()) {
          throw new IllegalArgumentException("the folder " + arg + " has no image files (" + EXTENSION_LIST
              + ")" + (recursive ? "" : "; --recursive also looks in its sub-folders"));
        }
        images.addAll(found);
        plainFiles = false;
      } else {
        images.add(Path.of(arg)); // a missing file fails as that image, with the others finished
      }
    }
    return new ImageArgs(List.copyOf(images), plainFiles && images.size() == 1);
  }

  /** Whether the argument is a glob pattern (wildcards, brackets or braces). */
  static boolean isPattern(String arg) {
    return arg.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static boolean exists(String arg) {
    try {
      return Files.exists(Path.of(arg)); // a file really named 'a*.png' (Linux allows it) is that file
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** Where the folder part of a pattern ends: the last separator before its first wildcard, or -1. */
  private static int lastSlashBeforeWildcard(String pattern) {
    int wildcard = 0;
    while (!isPattern(pattern.substring(wildcard, wildcard + 1))) {
      wildcard++;
    }
    return Math.max(pattern.lastIndexOf('/', wildcard), pattern.lastIndexOf('\\', wildcard));
  }

  /** Image files under {@code base} whose path relative to it matches {@code glob}, sorted. */
  private static List<Path> matching(Path base, String glob) throws IOException {
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    String relative = glob.startsWith("./") || glob.startsWith(".\\") ? glob.substring(2) : glob;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
    int depth = relative.contains("**") ? Integer.MAX_VALUE : relative.split("[/\\\\]").length;
    try (Stream<Path> walk = Files.walk(base, depth)) {
      return walk.filter(p -> Files.isRegularFile(p) && isImage(p) && !hidden(base.relativize(p))
          && matcher.matches(base.relativize(p)))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
  }

  /** A folder's image files, hidden ones left out, sorted by path; with {@code recursive}, at any depth. */
  private static List<Path> folder(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> walk = Files.walk(dir, recursive ? Integer.MAX_VALUE : 1)) {
      return walk.filter(p -> Files.isRegularFile(p) && isImage(p) && !hidden(dir.relativize(p)))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

}
