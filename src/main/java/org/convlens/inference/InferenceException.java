package org.convlens.inference;

/** A forward pass failed inside TensorFlow; the message carries TensorFlow's reason. */
public final class InferenceException extends Exception {
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
