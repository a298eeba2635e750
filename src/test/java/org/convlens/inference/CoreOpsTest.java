package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.CoreLayers;
import org.convlens.model.Reshaping;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link CoreLayers} family through TensorFlow against {@link CoreReference}. */
class CoreOpsTest {
  @TempDir static Path cacheDir;
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(23, 4, 5, 3)
        .add("dense_image", new CoreLayers.Dense(4, true, ActivationFunction.LINEAR))
        .add("flatten", new Reshaping.Flatten())
        .add("dense_vector", new CoreLayers.Dense(6, false, ActivationFunction.SIGMOID), "flatten");
    for (String kind : CoreLayers.TrainingOnly.KINDS) {
      model.add(kind, new CoreLayers.TrainingOnly(kind));
    }
    model.open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void denseOnTheLastAxisOfAnImage() {
    List<Tensor> w = model.weights("dense_image");
    assertClose(CoreReference.dense(x, w.get(0), w.get(1)), tf.get("dense_image"), "dense_image");
  }

  @Test
  void denseOnAVectorWithoutBias() {
    Tensor expected = ActivationReference.apply(ActivationFunction.SIGMOID,
        CoreReference.dense(x.reshape(60), model.weights("dense_vector").get(0), null));
    assertClose(expected, tf.get("dense_vector"), "dense_vector");
  }

  @Test
  void trainingOnlyLayersAreTheIdentity() {
    for (String kind : CoreLayers.TrainingOnly.KINDS) {
      assertClose(x, tf.get(kind), kind);
    }
  }
}
