package org.convlens.testing;

import java.nio.file.Path;
import java.util.List;
import org.convlens.inference.TestRuntime;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow SavedModels that are not ConvLens's own, written with TF Java as any TensorFlow program would: one
 * image input {@code image}, and outputs {@code edges} (a 3x3 convolution with 4 filters, a variable, then ReLU),
 * {@code pooled} (its 2x2 max pool) and {@code scores} (the pooled maps' means, a vector of 4).
 */
public final class SavedModelFolders {
  /** The scalars in the one variable, the 3x3x3x4 kernel. */
  public static final int PARAMETERS = 3 * 3 * 3 * 4;

  private SavedModelFolders() {}

  /** Two rank-4 outputs and a rank-2 one; the input's height and width left open, as Keras exports them. */
  public static Path twoMaps(Path dir) throws Exception {
    return write(dir, Shape.of(-1, -1, -1, 3), "serving_default");
  }

  /**
   * As {@link #twoMaps}, with the input shape {@code input} and the same outputs under each of {@code signatures}.
   */
  public static Path write(Path dir, Shape input, String... signatures) throws Exception {
    TestRuntime.start(); // TF Java needs TensorFlow's natives, which ConvLens's runtime provides
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(input));
      long channels = input.get(3) < 0 ? 3 : input.get(3);
      Shape kernelShape = Shape.of(3, 3, channels, 4);
      Variable<TFloat32> kernel = tf.withName("kernel").variable(kernelShape, TFloat32.class);
      Operand<TFloat32> edges = tf.nn.relu(tf.nn.conv2d(image, kernel, List.of(1L, 1L, 1L, 1L), "SAME"));
      Operand<TFloat32> pooled = tf.nn.maxPool(edges, tf.constant(new int[] {1, 2, 2, 1}),
          tf.constant(new int[] {1, 2, 2, 1}), "VALID");
      Operand<TFloat32> scores = tf.math.mean(pooled, tf.constant(new int[] {1, 2}));
      float[] values = new float[(int) kernelShape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.sin(i * 0.7); // fixed values of both signs, so the maps are not all zero
      }
      try (TFloat32 value = TFloat32.tensorOf(kernelShape, DataBuffers.of(values, true, false));
          Result ignored = session.runner().addTarget(tf.assign(kernel, tf.constant(value))).run()) {
        // The assignment is the effect.
      }
      Signature[] built = new Signature[signatures.length];
      for (int i = 0; i < signatures.length; i++) {
        built[i] = Signature.builder().key(signatures[i]).input("image", image).output("edges", edges)
            .output("pooled", pooled).output("scores", scores).build();
      }
      SavedModelBundle.exporter(dir.toString()).withSession(session).withSignatures(built).export();
    }
    return dir;
  }
}
