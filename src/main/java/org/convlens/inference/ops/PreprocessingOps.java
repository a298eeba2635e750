package org.convlens.inference.ops;

import org.convlens.model.PreprocessingLayers;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link PreprocessingLayers} family. */
public final class PreprocessingOps {
  private PreprocessingOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, PreprocessingLayers config) {
    Ops s = in.scope();
    Operand<TFloat32> x = in.x();
    if (config instanceof PreprocessingLayers.Rescaling c) {
      // One number or one per channel: either broadcasts over the channels-last input.
      Operand<TFloat32> scale =
          c.scale().length == 1 ? in.scalar(c.scale()[0]) : in.constant("scale", vector(c.scale()));
      Operand<TFloat32> offset =
          c.offset().length == 1 ? in.scalar(c.offset()[0]) : in.constant("offset", vector(c.offset()));
      return s.math.add(s.math.mul(x, scale), offset);
    } else if (config instanceof PreprocessingLayers.Normalization c) {
      Operand<TFloat32> mean = c.mean() != null ? in.constant("mean", vector(c.mean())) : in.weight(0, "mean");
      Operand<TFloat32> variance =
          c.variance() != null ? in.constant("variance", vector(c.variance())) : in.weight(1, "variance");
      // Keras: (x - mean) / max(sqrt(variance), epsilon).
      Operand<TFloat32> std = s.math.maximum(s.math.sqrt(variance), in.scalar(PreprocessingLayers.Normalization.EPSILON));
      return s.math.div(s.math.sub(x, mean), std);
    } else if (config instanceof PreprocessingLayers.Resizing c) {
      return ReshapingOps.resize(s, x, c.height(), c.width(), c.interpolation());
    } else if (config instanceof PreprocessingLayers.CenterCrop c) {
      int[] at = c.offsets(in.shape());
      return s.slice(x, in.ints(0, at[0], at[1], 0), in.ints(-1, c.height(), c.width(), -1));
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  private static Tensor vector(float[] values) {
    return Tensor.of(values.clone(), values.length);
  }
}
