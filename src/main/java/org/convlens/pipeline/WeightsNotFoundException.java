package org.convlens.pipeline;

import org.convlens.model.weights.WeightsLocator;

/** The ImageNet weights are nowhere ConvLens looked; the message lists the places and what the user can do. */
public final class WeightsNotFoundException extends Exception {
  private final transient WeightsLocator.NotFound notFound;

  public WeightsNotFoundException(WeightsLocator.NotFound notFound) {
    super(notFound.message());
    this.notFound = notFound;
  }

  public WeightsLocator.NotFound notFound() {
    return notFound;
  }
}
