package org.convlens.inference;

/** The model could not be built or loaded; the message says why and what to do. */
public final class ModelLoadException extends Exception {
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
