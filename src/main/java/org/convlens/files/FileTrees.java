package org.convlens.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Whole folders: the temporary and staging folders that caches, readers and exports leave behind. */
public final class FileTrees {
  private static final System.Logger LOG = System.getLogger(FileTrees.class.getName());

  private FileTrees() {}

  /**
   * Deletes {@code root} and everything in it, as far as it can: a leftover is logged, never thrown, since every
   * caller deletes a folder whose name is never trusted again (a temporary copy, a half-made cache entry).
   */
  public static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + root, e);
    }
  }
}
