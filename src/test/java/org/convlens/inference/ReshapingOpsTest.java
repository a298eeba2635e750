package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import org.convlens.model.Reshaping;
import org.convlens.model.Reshaping.Interpolation;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Reshaping} family through TensorFlow against {@link ReshapingReference}. */
class ReshapingOpsTest {
  @TempDir static Path cacheDir;
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(19, 4, 5, 3)
        .add("pad", new Reshaping.ZeroPadding2D(1, 2, 0, 3))
        .add("crop", new Reshaping.Cropping2D(1, 0, 2, 1))
        .add("up_nearest", new Reshaping.UpSampling2D(2, 3, Interpolation.NEAREST))
        .add("up_bilinear", new Reshaping.UpSampling2D(2, 2, Interpolation.BILINEAR))
        .add("flatten", new Reshaping.Flatten())
        .add("reshape", new Reshaping.Reshape(new int[] {5, -1}))
        .add("swap_hw", new Reshaping.Permute(new int[] {2, 1, 3}))
        .add("channels_first", new Reshaping.Permute(new int[] {3, 1, 2}))
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void paddingAndCropping() {
    assertClose(ReshapingReference.window(x, -1, 0, 4 + 3, 5 + 3), tf.get("pad"), "pad");
    assertClose(ReshapingReference.window(x, 1, 2, 3, 2), tf.get("crop"), "crop");
  }

  @Test
  void upSamplingNearestAndBilinear() {
    assertClose(ReshapingReference.nearest(x, 8, 15), tf.get("up_nearest"), "up_nearest");
    assertClose(ReshapingReference.bilinear(x, 8, 10), tf.get("up_bilinear"), "up_bilinear");
  }

  @Test
  void flattenAndReshapeKeepChannelsLastOrder() {
    assertClose(x.reshape(60), tf.get("flatten"), "flatten");
    assertClose(x.reshape(5, 12), tf.get("reshape"), "reshape");
  }

  @Test
  void permuteMovesAxes() {
    assertClose(ReshapingReference.permute(x, new int[] {2, 1, 3}), tf.get("swap_hw"), "swap_hw");
    assertClose(ReshapingReference.permute(x, new int[] {3, 1, 2}), tf.get("channels_first"), "channels_first");
  }
}
