package org.convlens.model;

/** The weights do not fit the network: a layer is missing or a weight has the wrong shape or count. */
public final class WeightsMismatchException extends IllegalArgumentException {
  public WeightsMismatchException(String message) {
    super(message);
  }
}
