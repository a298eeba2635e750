package org.convlens.model;

/**
 * A TensorFlow SavedModel folder that ConvLens cannot open: no {@code saved_model.pb}, a damaged one, missing
 * variables, or a signature whose input is not an image. The message names the folder, says what is wrong and what
 * to do. Unchecked, like {@code KerasFormatException}: callers can only show it.
 */
public final class SavedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SavedModelException(String message) {
    super(message);
  }

  public SavedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
