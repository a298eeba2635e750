package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.Pooling;
import org.convlens.model.Window;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Pooling} family through TensorFlow against {@link PoolingReference}. */
class PoolingOpsTest {
  @TempDir static Path cacheDir;
  private static final Window TALL_VALID = new Window(3, 2, 2, 1, 1, 1, Padding.VALID);
  private static final Window SAME = Window.square(3, 2, Padding.SAME);
  private static final Window WIDE_VALID = new Window(2, 3, 2, 2, 1, 1, Padding.VALID);
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(17, 7, 6, 3)
        .add("max_valid", new Pooling.MaxPooling2D(TALL_VALID))
        .add("max_same", new Pooling.MaxPooling2D(SAME))
        .add("avg_same", new Pooling.AveragePooling2D(SAME))
        .add("avg_valid", new Pooling.AveragePooling2D(WIDE_VALID))
        .add("gap_keep", new Pooling.GlobalAveragePooling2D(true))
        .add("gmp", new Pooling.GlobalMaxPooling2D(false))
        .add("gmp_keep", new Pooling.GlobalMaxPooling2D(true))
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void maxPoolingWithNonSquareWindowsAndPerAxisStrides() {
    assertClose(PoolingReference.pool(x, TALL_VALID, true), tf.get("max_valid"), "max_valid");
    assertClose(PoolingReference.pool(x, SAME, true), tf.get("max_same"), "max_same");
  }

  @Test
  void averagePoolingCountsOnlyPositionsInsideTheImage() {
    assertClose(PoolingReference.pool(x, SAME, false), tf.get("avg_same"), "avg_same");
    assertClose(PoolingReference.pool(x, WIDE_VALID, false), tf.get("avg_valid"), "avg_valid");
  }

  @Test
  void globalPoolingWithAndWithoutKeepDims() {
    assertClose(PoolingReference.global(x, false, true), tf.get("gap_keep"), "gap_keep");
    assertClose(PoolingReference.global(x, true, false), tf.get("gmp"), "gmp");
    assertClose(PoolingReference.global(x, true, true), tf.get("gmp_keep"), "gmp_keep");
  }
}
