package org.convlens.image;

import java.util.Objects;

/**
 * An image file could not be turned into pixels. Checked, because a user picked the file and deserves to be
 * told why: the message is one line that names the file, says what is wrong and what to do about it, fit to
 * show as it is. {@link #reason()} lets callers react without parsing the text.
 */
public class ImageLoadException extends Exception {

  /** What went wrong, coarsely. */
  public enum Reason {
    /** No file at that path. */
    NOT_FOUND,
    /** The file exists but cannot be read (permissions, a folder, an I/O error). */
    UNREADABLE,
    /** The file has no bytes. */
    EMPTY,
    /** The content is not an image in one of the supported formats. */
    UNSUPPORTED_FORMAT,
    /** A supported format, but the data ends early or is corrupt. */
    DAMAGED,
    /** The image is larger than the limits, or than the memory available to decode it. */
    TOO_LARGE
  }

  private final Reason reason;

  public ImageLoadException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageLoadException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(message), cause);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
