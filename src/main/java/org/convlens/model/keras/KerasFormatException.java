package org.convlens.model.keras;

import java.nio.file.Path;

/**
 * A weights file that cannot be read as Keras weights: missing, not HDF5, truncated, or not in Keras's layout.
 * The message names the file, says what is wrong and what the user can do; the low-level HDF5 error, if any,
 * is kept as the cause for logs.
 *
 * <p>Unchecked, because callers can do nothing but show the message, and it travels through background tasks.
 */
public final class KerasFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  KerasFormatException(Path file, String problem) {
    this(file, problem, null);
  }

  KerasFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
