package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;

import java.nio.file.Path;
import java.util.List;
import org.convlens.model.ApplicationLayers;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping.Interpolation;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link PreprocessingLayers} family, and ConvNeXt's {@link ApplicationLayers.LayerScale}, through TensorFlow
 * against Java.
 */
class PreprocessingOpsTest {
  @TempDir static Path cacheDir;
  private static final float[] MEAN = {0.5f, -1f, 2f};
  private static final float[] VARIANCE = {4f, 0.25f, 0f};
  private static final float[] SCALES = {2.0897f, -0.5f, 3f};
  private static final float[] OFFSETS = {1f, 0f, -2f};
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(29, 6, 7, 3)
        .add("rescale", new PreprocessingLayers.Rescaling(1 / 127.5f, -1f))
        .add("rescale_channels", new PreprocessingLayers.Rescaling(SCALES, OFFSETS))
        .add("rescale_scales", new PreprocessingLayers.Rescaling(SCALES, new float[] {0.25f}))
        .add("norm_adapted", PreprocessingLayers.Normalization.adapted())
        .add("norm_given", new PreprocessingLayers.Normalization(MEAN, VARIANCE))
        .add("resize_bilinear", new PreprocessingLayers.Resizing(4, 11, Interpolation.BILINEAR))
        .add("resize_nearest", new PreprocessingLayers.Resizing(9, 5, Interpolation.NEAREST))
        .add("center_crop", new PreprocessingLayers.CenterCrop(3, 4))
        .add("layer_scale", new ApplicationLayers.LayerScale(1e-6f, 3))
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void rescaling() {
    assertClose(ActivationReference.map(x, v -> v / 127.5 - 1), tf.get("rescale"), "rescale");
  }

  /** Keras's Rescaling with a list: {@code x * scale + offset}, each broadcast over the last (channel) axis. */
  @Test
  void perChannelRescaling() {
    Tensor both = Tensor.zeros(x.shape());
    Tensor scales = Tensor.zeros(x.shape());
    for (int i = 0; i < x.size(); i++) {
      int c = i % 3;
      both.data()[i] = x.data()[i] * SCALES[c] + OFFSETS[c];
      scales.data()[i] = x.data()[i] * SCALES[c] + 0.25f;
    }
    assertClose(both, tf.get("rescale_channels"), "rescale_channels");
    assertClose(scales, tf.get("rescale_scales"), "rescale_scales");
  }

  /** Keras: {@code (x - mean) / max(sqrt(variance), 1e-7)}, per channel. */
  private static Tensor normalize(float[] mean, float[] variance) {
    Tensor y = Tensor.zeros(x.shape());
    for (int i = 0; i < x.size(); i++) {
      int c = i % 3;
      y.data()[i] = (float) ((x.data()[i] - mean[c]) / Math.max(Math.sqrt(variance[c]), 1e-7));
    }
    return y;
  }

  @Test
  void normalizationFromWeightsAndFromTheConfig() {
    List<Tensor> w = model.weights("norm_adapted");
    assertClose(normalize(w.get(0).data(), w.get(1).data()), tf.get("norm_adapted"), "norm_adapted");
    assertClose(normalize(MEAN, VARIANCE), tf.get("norm_given"), "norm_given");
  }

  @Test
  void resizingAndCenterCrop() {
    assertClose(ReshapingReference.bilinear(x, 4, 11), tf.get("resize_bilinear"), "resize_bilinear");
    assertClose(ReshapingReference.nearest(x, 9, 5), tf.get("resize_nearest"), "resize_nearest");
    assertClose(ReshapingReference.window(x, 1, 1, 3, 4), tf.get("center_crop"), "center_crop");
  }

  @Test
  void layerScaleMultipliesEachChannel() {
    Tensor gamma = model.weights("layer_scale").get(0);
    assertClose(CoreReference.combine(x, gamma, (v, g) -> v * g), tf.get("layer_scale"), "layer_scale");
  }
}
