package org.convlens.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared test data: real Keras files, sample images and the like in the folder {@code shared}
 * beside the checkout ({@code ../shared} from the project root, where Maven runs the tests). Tests that need
 * it fail with a clear message when it is absent instead of silently passing. A worktree elsewhere can name
 * the folder with {@code -Dconvlens.shared=/path/to/shared} on the Maven command line.
 */
public final class SharedTestFiles {
  private SharedTestFiles() {}

  /** System property naming the shared folder explicitly, for checkouts that do not sit beside it. */
  public static final String PROPERTY = "convlens.shared";

  /** The shared folder: {@code ../shared}, or the folder named by the system property {@value #PROPERTY}. */
  public static Path root() {
    String override = System.getProperty(PROPERTY);
    Path root = (override != null ? Path.of(override) : Path.of("..", "shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("shared test data not found at " + root + ": these tests need a copy of "
          + "the project's 'shared' folder beside the checkout, or -D" + PROPERTY + "=<folder>");
    }
    return root;
  }

  /** A file inside the shared folder, e.g. {@code resolve("trained-weights/mobilenet_v1_0.25_224.h5")}. */
  public static Path resolve(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("shared test file not found: " + file);
    }
    return file;
  }
}
