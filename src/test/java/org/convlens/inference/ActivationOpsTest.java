package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ActivationLayers} family and every {@link ActivationFunction} against {@link ActivationReference}. */
class ActivationOpsTest {
  @TempDir static Path cacheDir;
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(5, 4, 5, 6);
    for (ActivationFunction f : ActivationFunction.values()) {
      model.add(f.name(), new ActivationLayers.Activation(f));
    }
    model.add("relu6", new ActivationLayers.ReLU(6f))
        .add("relu_capped_leaky", new ActivationLayers.ReLU(1.5f, 0.1f, 0f))
        .add("relu_threshold", new ActivationLayers.ReLU(ActivationLayers.ReLU.UNCAPPED, 0.2f, 0.5f))
        .add("leaky", new ActivationLayers.LeakyReLU(0.1f))
        .add("prelu_shared", new ActivationLayers.PReLU(new int[] {1, 2}))
        .add("prelu", new ActivationLayers.PReLU(new int[0]))
        .add("elu", new ActivationLayers.ELU(0.5f))
        .add("softmax_last", new ActivationLayers.Softmax(-1))
        .add("softmax_rows", new ActivationLayers.Softmax(1))
        .open(cacheDir);
    x = model.input();
    // Spread the values so the caps and the exponentials are exercised.
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] *= 2.5f;
    }
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void everyKerasActivationFunction() {
    for (ActivationFunction f : ActivationFunction.values()) {
      assertClose(ActivationReference.apply(f, x), tf.get(f.name()), f.name());
    }
  }

  /** Keras's documented ReLU: max_value above it, x from the threshold up, slope * (x - threshold) below. */
  private static Tensor relu(float max, float slope, float threshold) {
    return ActivationReference.map(x, v -> v >= max ? max : v >= threshold ? v : slope * (v - threshold));
  }

  @Test
  void reluLayerWithCapSlopeAndThreshold() {
    assertClose(relu(6f, 0f, 0f), tf.get("relu6"), "relu6");
    assertClose(relu(1.5f, 0.1f, 0f), tf.get("relu_capped_leaky"), "relu_capped_leaky");
    assertClose(relu(Float.POSITIVE_INFINITY, 0.2f, 0.5f), tf.get("relu_threshold"), "relu_threshold");
  }

  @Test
  void leakyAndExponentialLinearUnits() {
    assertClose(ActivationReference.map(x, v -> v > 0 ? v : 0.1 * v), tf.get("leaky"), "leaky");
    assertClose(ActivationReference.map(x, v -> v > 0 ? v : 0.5 * (Math.exp(v) - 1)), tf.get("elu"), "elu");
  }

  @Test
  void preluWithAndWithoutSharedAxes() {
    Tensor shared = model.weights("prelu_shared").get(0);
    Tensor full = model.weights("prelu").get(0);
    Tensor expectedShared = Tensor.zeros(x.shape());
    Tensor expectedFull = Tensor.zeros(x.shape());
    int c = x.dim(2);
    for (int i = 0; i < x.size(); i++) {
      float v = x.data()[i];
      expectedShared.data()[i] = v > 0 ? v : shared.data()[i % c] * v;
      expectedFull.data()[i] = v > 0 ? v : full.data()[i] * v;
    }
    assertClose(expectedShared, tf.get("prelu_shared"), "prelu_shared");
    assertClose(expectedFull, tf.get("prelu"), "prelu");
  }

  @Test
  void softmaxOnAnyAxis() {
    assertClose(ActivationReference.softmax(x, 2), tf.get("softmax_last"), "softmax_last");
    assertClose(ActivationReference.softmax(x, 0), tf.get("softmax_rows"), "softmax_rows");
  }
}
