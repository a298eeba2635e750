package org.convlens.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in the same
 * folder, which is then renamed over the target. A crash or an error leaves the old file (or none) in place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes the whole content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code content} to {@code target} atomically; the folder must exist and be writable. */
  public static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NoSuchFileException(
          String.valueOf(dir), null, "cannot write " + target.getFileName() + ": the folder does not exist");
    }
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(dir.toString(), null,
          "cannot write " + target.getFileName() + ": the folder is not writable");
    } catch (FileSystemException e) {
      // A read-only file system (EROFS) or a full one: the system's own words go to the cause.
      FileSystemException plain = new FileSystemException(dir.toString(), null, "cannot write "
          + target.getFileName() + ": the folder is read-only or its disk is full; choose another folder or free "
          + "some space");
      plain.initCause(e);
      throw plain;
    }
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        content.writeTo(out);
      }
      makeReadable(tmp);
      moveAtomically(tmp, target);
    } catch (FileSystemException e) {
      deleteQuietly(tmp);
      throw e;
    } catch (IOException e) {
      deleteQuietly(tmp);
      if (!diskFull(e)) {
        throw e;
      }
      FileSystemException plain = new FileSystemException(dir.toString(), null, "cannot write "
          + target.getFileName() + ": the disk is full; free some space or choose another folder");
      plain.initCause(e);
      throw plain;
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Linux and macOS say "No space left on device", Windows "There is not enough space on the disk". */
  private static boolean diskFull(IOException e) {
    // Encoders wrap it: ImageIO says "I/O error writing PNG file!" with the system's words as the cause.
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("no space left") || m.contains("not enough space") || m.contains("disk quota")) {
        return true;
      }
    }
    return false;
  }

  /** Deletes a temporary file, keeping the first failure the one reported. */
  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // nothing more to do: the temporary name is never read as the target
    }
  }

  /** Temporary files are created owner-only; the finished file gets the usual rw-r--r--. */
  private static void makeReadable(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /**
   * Makes {@code target} hold exactly {@code bytes}: left alone when it already does, else written atomically
   * (its folder created). For copies of what travels inside the app, so a damaged copy is replaced, never trusted.
   */
  public static void writeIfDifferent(Path target, byte[] bytes) throws IOException {
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return;
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    write(target, bytes);
  }

  /** Writes bytes to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** Renames {@code source} over {@code target}, atomically where the file system can. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
