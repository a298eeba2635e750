package org.convlens.inference.ops;

import org.convlens.model.ApplicationLayers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link ApplicationLayers} family. */
public final class ApplicationOps {
  private ApplicationOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, ApplicationLayers config) {
    if (config instanceof ApplicationLayers.LayerScale) {
      return in.scope().math.mul(in.x(), in.weight(0, "gamma"));
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }
}
