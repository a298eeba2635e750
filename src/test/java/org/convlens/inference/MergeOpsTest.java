package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Merges;
import org.convlens.model.Merges.Operation;
import org.convlens.model.Pooling;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Merges} family through TensorFlow against element-wise Java. */
class MergeOpsTest {
  @TempDir static Path cacheDir;
  private static LayerHarness model;
  private static Tensor x;
  private static Tensor a;
  private static Tensor b;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(13, 4, 5, 3)
        .add("a", new ActivationLayers.Activation(ActivationFunction.TANH))
        .add("b", new ActivationLayers.Activation(ActivationFunction.SIGMOID))
        .add("g", new Pooling.GlobalAveragePooling2D(true))
        .add("add", new Merges.ElementWise(Operation.ADD), "a", "b", LayerHarness.INPUT)
        .add("subtract", new Merges.ElementWise(Operation.SUBTRACT), "a", "b")
        .add("multiply", new Merges.ElementWise(Operation.MULTIPLY), "a", "g")
        .add("average", new Merges.ElementWise(Operation.AVERAGE), "a", "b", LayerHarness.INPUT)
        .add("maximum", new Merges.ElementWise(Operation.MAXIMUM), "a", "b")
        .add("minimum", new Merges.ElementWise(Operation.MINIMUM), "a", "b")
        .add("concat_channels", new Merges.Concatenate(-1), "a", "b")
        .add("concat_rows", new Merges.Concatenate(1), "a", "b", LayerHarness.INPUT)
        .add("concat_columns", new Merges.Concatenate(2), "a", "b")
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
    a = ActivationReference.apply(ActivationFunction.TANH, x);
    b = ActivationReference.apply(ActivationFunction.SIGMOID, x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void elementWiseMerges() {
    Tensor sum = CoreReference.combine(CoreReference.combine(a, b, Double::sum), x, Double::sum);
    assertClose(sum, tf.get("add"), "add");
    assertClose(CoreReference.combine(a, b, (p, q) -> p - q), tf.get("subtract"), "subtract");
    assertClose(ActivationReference.map(sum, v -> v / 3), tf.get("average"), "average");
    assertClose(CoreReference.combine(a, b, Math::max), tf.get("maximum"), "maximum");
    assertClose(CoreReference.combine(a, b, Math::min), tf.get("minimum"), "minimum");
  }

  @Test
  void multiplyBroadcastsAPerChannelScale() {
    Tensor g = PoolingReference.global(x, false, true);
    assertClose(CoreReference.combine(a, g, (p, q) -> p * q), tf.get("multiply"), "multiply");
  }

  /** Concatenation along a batch-dropped axis, written with indices. */
  private static Tensor concat(int axis, Tensor... parts) {
    int[] shape = parts[0].shape();
    int total = 0;
    for (Tensor p : parts) {
      total += p.dim(axis);
    }
    shape[axis] = total;
    Tensor y = Tensor.zeros(shape);
    int offset = 0;
    for (Tensor p : parts) {
      for (int i = 0; i < p.dim(0); i++) {
        for (int j = 0; j < p.dim(1); j++) {
          for (int k = 0; k < p.dim(2); k++) {
            int[] at = {i, j, k};
            at[axis] += offset;
            y.data()[y.offset(at)] = p.get(i, j, k);
          }
        }
      }
      offset += p.dim(axis);
    }
    return y;
  }

  @Test
  void concatenateOnAnyAxis() {
    assertClose(concat(2, a, b), tf.get("concat_channels"), "concat_channels");
    assertClose(concat(0, a, b, x), tf.get("concat_rows"), "concat_rows");
    assertClose(concat(1, a, b), tf.get("concat_columns"), "concat_columns");
  }
}
