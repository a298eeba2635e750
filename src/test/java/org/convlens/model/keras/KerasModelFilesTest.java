package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.WeightsOrigin;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real Keras file of the test data through {@link KerasModel#read}: what opens (graph built, weights bound,
 * parameter count) and what is refused, and why. The table in the closing note of issue 9 is this test.
 */
class KerasModelFilesTest {

  private static Network open(String file, String weights) {
    Path w = weights == null ? null : TestFiles.keras(weights);
    KerasModel model = KerasModel.read(TestFiles.keras(file), w);
    return Network.bind(model.graph(), model.weights(), new WeightsOrigin(file, false, file));
  }

  @ParameterizedTest(name = "{0} opens")
  @CsvSource(nullValues = "-", value = {
      "k2_full_sequential_cnn_bn_dl4j.h5, -, 79",
      "k2_full_functional_resnet8_add_bn_mlperftiny.h5, -, 78666",
      "k2_full_sequential_depthwise_bn_gap_tinymaix.h5, -, 1546",
      "k2_full_functional_mobilenet_vww96_tinymaix.h5, -, 219064",
      "k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5, -, 6632",
      "k2_full_functional_sepconv2d_tfkeras_dl4j.h5, -, 99",
      "k2_full_sequential_conv2d_1layer_hls4ml.h5, -, 10",
      "k2_arch_sequential_conv2d_1layer_hls4ml.json, k2_weights_sequential_conv2d_1layer_hls4ml.h5, 10",
      "k2_arch_functional_jettagger_cnn_bn_hls4ml.json, k2_weights_functional_jettagger_cnn_bn_hls4ml.h5, 891",
      "k3_functional_layer_zoo.keras, -, 13338",
      "k3_functional_layer_zoo.h5, -, 13338",
      "k3_nested_mobilenet_in_sequential.keras, -, 219829",
      "k3_nested_mobilenet_in_sequential.h5, -, 219829"})
  void opens(String file, String weights, long params) {
    Network network = open(file, weights);
    ModelSummary summary = ModelSummary.of(network.graph());
    System.out.println("OPENS " + file + (weights == null ? "" : " + " + weights) + ": "
        + network.graph().layers().size() + " layers, " + summary.totalParams() + " params, output "
        + network.graph().outputLayer());
    // Every value the file stores (BatchNormalization statistics included), as Keras's model.summary() counts.
    assertEquals(params, summary.totalParams());
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
      "k3_sequential_lambda_refuse.keras, 'double' (Lambda)",
      "k3_sequential_masking_lstm_keras_mlx_branch.keras, 'lstm' (LSTM)",
      "k3_custom_subclassed_nested_container_keras_testdata.keras, NestedDenseModel",
      // HDF5 under a .keras name: read as HDF5 (by its first bytes), then refused as a vector model.
      "k2_full_sequential_dense_hdf5_named_dot_keras_hls4ml.keras, 'fc1_input' (InputLayer): its input [null,8]"})
  void isRefused(String file, String named) {
    var e = assertThrows(KerasFormatException.class, () -> KerasModel.read(TestFiles.keras(file), null));
    System.out.println("REFUSED " + file + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"k3_nested_mobilenet_in_sequential.keras", "k3_nested_mobilenet_in_sequential.h5"})
  void frozenNestedBaseCountsAsKerasSummaryDoes(String file) {
    ModelSummary summary = ModelSummary.of(open(file, null).graph());
    // Keras 3.15 model.summary(): the frozen MobileNet base is non-trainable, the Dense head (256*5+5) is not.
    assertEquals(219_829, summary.totalParams());
    assertEquals(1_285, summary.trainableParams());
  }

  @Test
  void aKeras3ConfigJsonWithItsWeightsFileOpensAsAPair(@TempDir Path dir) throws Exception {
    // model.to_json() and model.save_weights("x.weights.h5") of Keras 3: here taken out of the real archive.
    Path json = dir.resolve("zoo.json");
    Path weights = dir.resolve("zoo.weights.h5");
    try (ZipFile zip = new ZipFile(TestFiles.keras("k3_functional_layer_zoo.keras").toFile())) {
      Files.copy(zip.getInputStream(zip.getEntry("config.json")), json);
      Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
    }
    KerasModel pair = KerasModel.read(json, weights);
    KerasModel archive = KerasModel.read(TestFiles.keras("k3_functional_layer_zoo.keras"), null);
    assertEquals("3", pair.kerasVersion());
    assertEquals(archive.graph().layerNames(), pair.graph().layerNames());
    assertArrayEquals(archive.weights().get("up").get(0).data(), pair.weights().get("up").get(0).data());
  }
}
