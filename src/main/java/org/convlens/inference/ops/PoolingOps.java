package org.convlens.inference.ops;

import java.util.List;
import org.convlens.model.Pooling;
import org.convlens.model.Window;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link Pooling} family. */
public final class PoolingOps {
  private PoolingOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, Pooling config) {
    Ops s = in.scope();
    if (config instanceof Pooling.MaxPooling2D c) {
      Window w = c.window();
      return s.nn.maxPool(in.x(), in.ints(1, w.height(), w.width(), 1),
          in.ints(1, w.strideHeight(), w.strideWidth(), 1), w.padding().name());
    } else if (config instanceof Pooling.AveragePooling2D c) {
      // TensorFlow's AvgPool, like Keras's, averages only the positions inside the image under "same" padding.
      Window w = c.window();
      return s.nn.avgPool(in.x(), List.of(1L, (long) w.height(), (long) w.width(), 1L),
          List.of(1L, (long) w.strideHeight(), (long) w.strideWidth(), 1L), w.padding().name());
    } else if (config instanceof Pooling.GlobalAveragePooling2D c) {
      return s.math.mean(in.x(), in.ints(1, 2), Mean.keepDims(c.keepDims()));
    } else if (config instanceof Pooling.GlobalMaxPooling2D c) {
      return s.max(in.x(), in.ints(1, 2), Max.keepDims(c.keepDims()));
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }
}
