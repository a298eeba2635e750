package org.convlens.inference.ops;

import org.convlens.model.Reshaping;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;

/** TensorFlow ops for the {@link Reshaping} family. */
public final class ReshapingOps {
  private ReshapingOps() {}

  public static Operand<TFloat32> translate(LayerInputs in, Reshaping config) {
    Ops s = in.scope();
    Operand<TFloat32> x = in.x();
    if (config instanceof Reshaping.ZeroPadding2D c) {
      return s.pad(x, s.constant(new int[][] {{0, 0}, {c.top(), c.bottom()}, {c.left(), c.right()}, {0, 0}}),
          in.scalar(0f));
    } else if (config instanceof Reshaping.Cropping2D c) {
      int[] out = c.outputShape(in.shapes());
      return s.slice(x, in.ints(0, c.top(), c.left(), 0), in.ints(-1, out[0], out[1], -1));
    } else if (config instanceof Reshaping.UpSampling2D c) {
      int[] out = c.outputShape(in.shapes());
      return resize(s, x, out[0], out[1], c.interpolation());
    } else if (config instanceof Reshaping.Flatten || config instanceof Reshaping.Reshape) {
      // Channels-last row-major order is Keras's own order, so a reshape is the whole job.
      int[] out = config.outputShape(in.shapes());
      int[] shape = new int[out.length + 1];
      shape[0] = -1;
      System.arraycopy(out, 0, shape, 1, out.length);
      return s.reshape(x, in.ints(shape));
    } else if (config instanceof Reshaping.Permute c) {
      int[] perm = new int[c.dims().length + 1];
      System.arraycopy(c.dims(), 0, perm, 1, c.dims().length);
      return s.linalg.transpose(x, in.ints(perm));
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  /** As {@code tf.image.resize} (Keras's resizing): half-pixel centres, no antialiasing. */
  static Operand<TFloat32> resize(Ops s, Operand<TFloat32> x, int height, int width,
      Reshaping.Interpolation interpolation) {
    Operand<org.tensorflow.types.TInt32> size = s.constant(new int[] {height, width});
    return switch (interpolation) {
      case NEAREST -> s.image.resizeNearestNeighbor(x, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case BILINEAR -> s.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
    };
  }
}
