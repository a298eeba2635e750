package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import java.util.List;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Normalizations} family through TensorFlow against {@link NormalizationReference}. */
class NormalizationOpsTest {
  @TempDir static Path cacheDir;
  private static final float EPS = 1e-3f;
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(7, 5, 4, 3)
        .add("bn", new Normalizations.BatchNormalization(-1, EPS, true, true))
        .add("bn_plain", new Normalizations.BatchNormalization(3, EPS, false, false))
        .add("gap", new Pooling.GlobalAveragePooling2D(false))
        .add("bn_vector", new Normalizations.BatchNormalization(-1, EPS, true, false), "gap")
        .add("ln", new Normalizations.LayerNormalization(new int[] {-1}, EPS, true, true))
        .add("ln_all", new Normalizations.LayerNormalization(new int[] {1, 2, 3}, EPS, true, true))
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void batchNormWithAndWithoutGammaAndBeta() {
    List<Tensor> w = model.weights("bn");
    assertClose(NormalizationReference.batchNorm(x, w.get(0), w.get(1), w.get(2), w.get(3), EPS), tf.get("bn"), "bn");
    List<Tensor> plain = model.weights("bn_plain");
    assertClose(NormalizationReference.batchNorm(x, null, null, plain.get(0), plain.get(1), EPS), tf.get("bn_plain"),
        "bn_plain");
  }

  @Test
  void batchNormOnAVector() {
    List<Tensor> w = model.weights("bn_vector");
    assertClose(NormalizationReference.batchNorm(tf.get("gap"), null, w.get(0), w.get(1), w.get(2), EPS),
        tf.get("bn_vector"), "bn_vector");
  }

  @Test
  void layerNormOverChannelsAndOverEverything() {
    List<Tensor> w = model.weights("ln");
    assertClose(NormalizationReference.layerNorm(x, 1, w.get(0), w.get(1), EPS), tf.get("ln"), "ln");
    List<Tensor> all = model.weights("ln_all");
    assertClose(NormalizationReference.layerNorm(x, 3, all.get(0), all.get(1), EPS), tf.get("ln_all"), "ln_all");
  }
}
