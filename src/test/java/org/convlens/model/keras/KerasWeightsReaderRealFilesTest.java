package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;

/**
 * Real files written by Keras and h5py (copied byte for byte from public repositories into {@code src/test/resources} and {@code models/}).
 * Expected counts come from the READMEs beside the files, or are computed here from the architectures.
 */
class KerasWeightsReaderRealFilesTest {

  private static KerasWeights read(Path file) {
    return KerasWeightsReader.read(file);
  }

  private static int[] shape(KerasWeights weights, String layer, int index) {
    return weights.layer(layer).orElseThrow().weights().get(index).value().shape();
  }

  @Test
  void mobileNetFullModelIsReadFromModelWeights() {
    KerasWeights w = read(TestFiles.mobileNet());

    assertEquals("2.8.0", w.kerasVersion());
    assertEquals("tensorflow", w.backend());
    assertNotNull(w.modelConfig());
    assertTrue(w.modelConfig().contains("\"mobilenet_0.25_224\""), "model_config names the model");
    assertEquals(91, w.layers().size());
    assertEquals("input_2", w.layerNames().get(0));
    assertEquals("predictions", w.layerNames().get(90));
    assertEquals(137, w.tensorCount());
    assertEquals(475_544, w.parameterCount());
    KerasWeight kernel = w.layer("conv1").orElseThrow().weights().get(0);
    assertEquals("conv1/kernel:0", kernel.name());
    assertEquals("kernel", kernel.shortName());
    assertArrayEquals(new int[] {3, 3, 3, 8}, kernel.value().shape());
    assertArrayEquals(new int[] {3, 3, 8, 1}, shape(w, "conv_dw_1", 0));
    KerasLayer preds = w.layer("conv_preds").orElseThrow();
    assertEquals(List.of("conv_preds/kernel:0", "conv_preds/bias:0"),
        preds.weights().stream().map(KerasWeight::name).toList());
    assertArrayEquals(new int[] {1, 1, 256, 1000}, preds.weights().get(0).value().shape());
    assertArrayEquals(new int[] {1000}, preds.weights().get(1).value().shape());
    assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
        w.layer("conv1_bn").orElseThrow().weights().stream().map(KerasWeight::shortName).toList());
    assertTrue(w.layer("conv1_relu").orElseThrow().weights().isEmpty());
  }

  @Test
  void squeezeNetLegacyWeightsWithNestedNamesAndSessionSuffixes() {
    KerasWeights w = read(TestFiles.squeezeNetNoTop());

    assertEquals("2.0.0", w.kerasVersion());
    assertNull(w.modelConfig());
    // input, conv1, relu_conv1, pool1, 8 fire modules of 7 layers, pool3, pool5
    assertEquals(1 + 3 + 8 * 7 + 2, w.layers().size());
    KerasLayer conv1 = w.layer("conv1").orElseThrow();
    assertEquals("conv1_3/kernel:0", conv1.weights().get(0).name());
    assertArrayEquals(new int[] {3, 3, 3, 64}, conv1.weights().get(0).value().shape());
    assertArrayEquals(new int[] {64}, conv1.weights().get(1).value().shape());
    assertTrue(w.layerNames().contains("fire2/squeeze1x1"));
    assertEquals("fire9/squeeze1x1_1/kernel:0", w.layer("fire9/squeeze1x1").orElseThrow().weights().get(0).name());
    assertArrayEquals(new int[] {1, 1, 512, 64}, shape(w, "fire9/squeeze1x1", 0));
    assertArrayEquals(new int[] {3, 3, 64, 256}, shape(w, "fire9/expand3x3", 0));
    assertEquals(25, w.weightedLayers().size());
    assertEquals(50, w.tensorCount());
    assertEquals(squeezeNetParameters(), w.parameterCount());
  }

  /** SqueezeNet v1.1 without conv10: conv1 3x3x3x64, then fire modules (squeeze 1x1, expand 1x1 and 3x3). */
  private static long squeezeNetParameters() {
    long total = 3 * 3 * 3 * 64 + 64;
    int[][] fires = {{64, 16, 64}, {128, 16, 64}, {128, 32, 128}, {256, 32, 128},
        {256, 48, 192}, {384, 48, 192}, {384, 64, 256}, {512, 64, 256}};
    for (int[] f : fires) {
      int in = f[0];
      int squeeze = f[1];
      int expand = f[2];
      total += (long) in * squeeze + squeeze + squeeze * expand + expand + 9L * squeeze * expand + expand;
    }
    return total;
  }

  @Test
  void kerasTwoOneSequentialWithFixedLengthNames() {
    KerasWeights w = read(TestFiles.keras("k2_full_sequential_cnn_bn_dl4j.h5"));

    assertEquals("2.1.3", w.kerasVersion());
    assertEquals(List.of("conv2d_1", "batch_normalization_1", "activation_1", "conv2d_2", "flatten_1", "dense_1"),
        w.layerNames());
    assertArrayEquals(new int[] {3, 3, 3, 1}, shape(w, "conv2d_1", 0));
    assertArrayEquals(new int[] {36, 1}, shape(w, "dense_1", 0));
    // Conv2D(1, 3x3) on 3 channels, BN(1), Conv2D(1, 3x3), Dense(1) on the 6x6x1 map
    assertEquals((27 + 1) + 4 + (9 + 1) + (36 + 1), w.parameterCount());
  }

  @Test
  void kerasTwoThirteenWeightsOnlyAndFullModelAgree() {
    KerasWeights weightsOnly = read(TestFiles.keras("k2_weights_sequential_conv2d_1layer_hls4ml.h5"));
    KerasWeights full = read(TestFiles.keras("k2_full_sequential_conv2d_1layer_hls4ml.h5"));

    float[] kernel = {0.87553641f, -0.8359631f, 0.20843763f, -0.49807304f, 0.86302378f, -0.07618628f,
        0.0654571f, -0.28131722f, 0.36197313f};
    for (KerasWeights w : List.of(weightsOnly, full)) {
      assertEquals("2.13.1", w.kerasVersion());
      assertEquals(List.of("conv2d"), w.layerNames());
      KerasLayer conv = w.layer("conv2d").orElseThrow();
      assertArrayEquals(new int[] {3, 3, 1, 1}, conv.weights().get(0).value().shape());
      assertArrayEquals(kernel, conv.weights().get(0).value().data(), 1e-7f);
      assertArrayEquals(new float[] {0f}, conv.weights().get(1).value().data());
    }
    assertNull(weightsOnly.modelConfig());
    assertNotNull(full.modelConfig());
  }

  @Test
  void kerasTwoZeroWeightsOnlyWithEmptyWeightNames() {
    KerasWeights w = read(TestFiles.keras("k2_weights_functional_jettagger_cnn_bn_hls4ml.h5"));

    assertEquals("2.0.6", w.kerasVersion());
    assertEquals(11, w.layers().size());
    assertEquals(6, w.weightedLayers().size());
    assertTrue(w.layer("dropout_1").orElseThrow().weights().isEmpty());
    assertArrayEquals(new int[] {3, 3, 1, 5}, shape(w, "cnn2D_1_relu", 0));
    // BN(1), Conv2D(5,3x3), BN(5), Conv2D(2,5x5), Dense(10) on 5x5x2 (25 -> 9 -> 5, strides 3 and 2, same), Dense(5)
    assertEquals(4 + (45 + 5) + 20 + (250 + 2) + (500 + 10) + (50 + 5), w.parameterCount());
  }

  @Test
  void hdf5FileNamedDotKerasIsReadByContent() {
    KerasWeights w = read(TestFiles.keras("k2_full_sequential_dense_hdf5_named_dot_keras_hls4ml.keras"));

    assertEquals("2.11.0", w.kerasVersion());
    assertEquals(List.of("fc1", "fc2"), w.layerNames());
    assertArrayEquals(new int[] {8, 4}, shape(w, "fc1", 0));
    assertEquals((8 * 4 + 4) + (4 * 2 + 2), w.parameterCount());
  }

  @Test
  void variableLengthNamesOfKerasTwoNine() {
    KerasWeights w = read(TestFiles.keras("k2_full_functional_mobilenet_vww96_tinymaix.h5"));

    assertEquals("2.9.0", w.kerasVersion());
    assertEquals(88, w.layers().size());
    assertEquals("input_2", w.layerNames().get(0));
    assertEquals("softmax", w.layerNames().get(87));
    assertArrayEquals(new int[] {3, 3, 3, 8}, shape(w, "conv2d", 0));
  }

  @Test
  void weightNamesThatDifferFromTheirLayer() {
    KerasWeights mtcnn = read(TestFiles.keras("k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5"));
    assertEquals("conv1_1/kernel:0", mtcnn.layer("conv1").orElseThrow().weights().get(0).name());
    assertArrayEquals(new int[] {3, 3, 3, 10}, shape(mtcnn, "conv1", 0));
    assertEquals("alpha", mtcnn.layer("PReLU1").orElseThrow().weights().get(0).shortName());

    KerasWeights dw = read(TestFiles.keras("k2_full_sequential_depthwise_bn_gap_tinymaix.h5"));
    assertEquals("ftr0a_1/kernel:0", dw.layer("ftr0a").orElseThrow().weights().get(0).name());
    assertArrayEquals(new int[] {3, 3, 1, 4}, shape(dw, "ftr0a", 0));
  }

  @Test
  void otherKerasTwoFixturesRead() {
    KerasWeights resnet8 = read(TestFiles.keras("k2_full_functional_resnet8_add_bn_mlperftiny.h5"));
    assertEquals("2.4.0", resnet8.kerasVersion());
    assertEquals("input_1", resnet8.layerNames().get(0));
    assertArrayEquals(new int[] {3, 3, 3, 16}, shape(resnet8, "conv2d", 0));
    assertArrayEquals(new int[] {64, 10}, shape(resnet8, "dense", 0));

    KerasWeights sep = read(TestFiles.keras("k2_full_functional_sepconv2d_tfkeras_dl4j.h5"));
    assertEquals("2.2.4-tf", sep.kerasVersion());
    KerasLayer first = sep.weightedLayers().get(0);
    assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
        first.weights().stream().map(KerasWeight::shortName).toList());
    assertArrayEquals(new int[] {3, 3, 3, 1}, first.weights().get(0).value().shape());
    assertArrayEquals(new int[] {1, 1, 3, 4}, first.weights().get(1).value().shape());
  }

  @Test
  void kerasThreeLegacyHdf5HasNoColonZero() {
    KerasWeights zoo = read(TestFiles.keras("k3_functional_layer_zoo.h5"));
    assertTrue(zoo.kerasVersion().startsWith("3."), zoo.kerasVersion());
    assertEquals(List.of("c1/kernel", "c1/bias"),
        zoo.layer("c1").orElseThrow().weights().stream().map(KerasWeight::name).toList());
    assertEquals("kernel", zoo.layer("c1").orElseThrow().weights().get(0).shortName());
    assertArrayEquals(new int[] {3, 3, 3, 8}, shape(zoo, "c1", 0));
  }

  @Test
  void kerasThreeNestedModelIsOneGroupWithTheWholeTree() {
    KerasWeights w = read(TestFiles.keras("k3_nested_mobilenet_in_sequential.h5"));

    assertEquals(List.of("mobilenet_0.25_224", "global_average_pooling2d_1", "dropout", "head"), w.layerNames());
    KerasLayer base = w.layer("mobilenet_0.25_224").orElseThrow();
    assertEquals("conv1/kernel", base.weights().get(0).name());
    assertArrayEquals(new int[] {3, 3, 3, 8}, base.weights().get(0).value().shape());
    KerasLayer head = w.layer("head").orElseThrow();
    assertArrayEquals(new int[] {256, 5}, head.weights().get(0).value().shape());
    // the trained MobileNet base (all of mobilenet_v1_0.25_224.h5 but conv_preds) plus Dense(5) on 256 features
    assertEquals(475_544 - (256 * 1000 + 1000) + (256 * 5 + 5), w.parameterCount());
    assertEquals(137, w.tensorCount());
  }

  @Test
  void nestedModelWeightsEqualTheTrainedFile() {
    KerasWeights trained = read(TestFiles.mobileNet());
    KerasWeights nested = read(TestFiles.keras("k3_nested_mobilenet_in_sequential.h5"));

    float[] original = trained.layer("conv1").orElseThrow().weights().get(0).value().data();
    float[] copy = nested.layer("mobilenet_0.25_224").orElseThrow().weights().get(0).value().data();
    assertArrayEquals(original, copy);
  }
}
