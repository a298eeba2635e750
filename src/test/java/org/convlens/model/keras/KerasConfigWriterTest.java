package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Merges;
import org.convlens.model.Pooling;
import org.convlens.model.applications.EfficientNetB0;
import org.convlens.testing.GraphAssertions;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read, written as Keras 3 JSON, read again: the same graph (every layer's name, config, inbound layers and shape),
 * for Keras's own applications (nested Sequentials, {@code keras.ops} additions and LayerScale in ConvNeXt) and the
 * real files of the layer fixtures (Keras 2 and 3, Sequential and Functional, a nested model, two outputs).
 */
class KerasConfigWriterTest {
  private static final Path APPS = Path.of("src", "test", "resources", "keras-apps");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VGG16", "ResNet50", "ResNet50V2", "MobileNetV2", "DenseNet121", "ConvNeXtTiny"})
  void applicationConfigsSurviveTheRoundTrip(String app) throws Exception {
    Path file = APPS.resolve(app + ".config.json");
    roundTrip(KerasArchitecture.parse(file, Files.readString(file), "3.15.1"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k2_full_sequential_cnn_bn_dl4j.h5", "k2_full_functional_resnet8_add_bn_mlperftiny.h5",
      "k2_full_sequential_depthwise_bn_gap_tinymaix.h5", "k2_full_functional_mobilenet_vww96_tinymaix.h5",
      "k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5", "k2_full_functional_sepconv2d_tfkeras_dl4j.h5",
      "k2_full_sequential_conv2d_1layer_hls4ml.h5", "k3_functional_layer_zoo.keras", "k3_functional_layer_zoo.h5",
      "k3_nested_mobilenet_in_sequential.keras", "k3_nested_mobilenet_in_sequential.h5"})
  void fixtureModelsSurviveTheRoundTrip(String fixture) {
    roundTrip(KerasModel.read(TestFiles.keras(fixture), null).graph());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k2_arch_functional_jettagger_cnn_bn_hls4ml.json",
      "k2_arch_sequential_conv2d_1layer_hls4ml.json"})
  void fixtureArchitecturesSurviveTheRoundTrip(String fixture) throws Exception {
    Path file = TestFiles.keras(fixture);
    roundTrip(KerasArchitecture.parse(file, Files.readString(file)));
  }

  private void roundTrip(LayerGraph graph) {
    String json = KerasConfigWriter.toJson(graph);
    LayerGraph again = KerasArchitecture.parse(dir.resolve("written.json"), json, KerasConfigWriter.KERAS_VERSION);
    assertEquals(graph.name(), again.name());
    GraphAssertions.assertSameGraph(graph, again);
    for (String layer : graph.layerNames()) {
      assertEquals(graph.trainable(layer), again.trainable(layer), layer + " trainable");
    }
  }

  /** EfficientNetB0 as its official weights need it: {@code rescaling_1}'s scale is a list, the others numbers. */
  @Test
  void aPerChannelScaleIsWrittenAsAListAndReadBack() {
    LayerGraph graph = EfficientNetB0.weightsGraph(true);
    JsonObject rescaling1 = null;
    JsonObject rescaling = null;
    for (var e : KerasConfigWriter.model(graph).getAsJsonObject("config").getAsJsonArray("layers")) {
      JsonObject layer = e.getAsJsonObject();
      String name = layer.getAsJsonObject("config").get("name").getAsString();
      rescaling1 = name.equals("rescaling_1") ? layer.getAsJsonObject("config") : rescaling1;
      rescaling = name.equals("rescaling") ? layer.getAsJsonObject("config") : rescaling;
    }
    assertTrue(rescaling1 != null && rescaling1.get("scale").isJsonArray(), String.valueOf(rescaling1));
    assertEquals(3, rescaling1.getAsJsonArray("scale").size());
    assertTrue(rescaling1.get("offset").isJsonPrimitive() && rescaling.get("scale").isJsonPrimitive());
    roundTrip(graph);
  }

  @Test
  void writesKeras3FunctionalJsonWithKerasTensors() throws Exception {
    LayerGraph graph = tiny();
    Path file = dir.resolve("tiny.json");
    KerasConfigWriter.write(file, graph);
    JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    assertEquals("Functional", root.get("class_name").getAsString());
    JsonObject add = root.getAsJsonObject("config").getAsJsonArray("layers").get(3).getAsJsonObject();
    assertEquals("Add", add.get("class_name").getAsString());
    assertEquals("keras.layers", add.get("module").getAsString());
    JsonObject second = add.getAsJsonArray("inbound_nodes").get(0).getAsJsonObject().getAsJsonArray("args").get(0)
        .getAsJsonArray().get(1).getAsJsonObject();
    assertEquals("__keras_tensor__", second.get("class_name").getAsString());
    assertEquals("[\"relu\",0,0]", second.getAsJsonObject("config").get("keras_history").toString());
    assertEquals("[null,8,8,4]", second.getAsJsonObject("config").get("shape").toString());
  }

  @Test
  void aLayerCalledTwiceIsOneEntryWithTwoNodes() {
    LayerGraph graph = new LayerGraph("reused", List.of(
        new Layer("in", new LayerConfig.Input(8, 8, 4), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("conv@1", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("conv")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("conv@1"))));
    JsonObject root = KerasConfigWriter.model(graph);
    JsonObject conv = root.getAsJsonObject("config").getAsJsonArray("layers").get(1).getAsJsonObject();
    assertEquals(2, conv.getAsJsonArray("inbound_nodes").size());
    assertEquals(3, root.getAsJsonObject("config").getAsJsonArray("layers").size(), "conv@1 has no entry of its own");
    roundTrip(graph);
  }

  @Test
  void aLayerWithoutKeras3FormIsRefusedByNameAndType() {
    LayerGraph graph = new LayerGraph("old", List.of(
        new Layer("in", new LayerConfig.Input(4, 4, 1), List.of()),
        new Layer("gate", new ActivationLayers.Activation(ActivationFunction.HARD_SIGMOID_KERAS2), List.of("in"))));
    var e = assertThrows(IllegalArgumentException.class, () -> KerasConfigWriter.toJson(graph));
    assertTrue(e.getMessage().contains("'gate'") && e.getMessage().contains("hard_sigmoid_keras2"), e.getMessage());

    LayerGraph twice = new LayerGraph("twice", List.of(
        new Layer("in", new LayerConfig.Input(4, 4, 1), List.of()),
        new Layer("base/conv", new Convolutions.Conv2D(1, 1, 1, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("base@1/conv", new Convolutions.Conv2D(1, 1, 1, 1, LayerConfig.Padding.SAME, true),
            List.of("base/conv"))));
    var n = assertThrows(IllegalArgumentException.class, () -> KerasConfigWriter.toJson(twice));
    assertTrue(n.getMessage().contains("'base@1/conv' (Conv2D)"), n.getMessage());
  }

  private static LayerGraph tiny() {
    return new LayerGraph("tiny", List.of(
        new Layer("in", new LayerConfig.Input(8, 8, 4), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("relu", new ActivationLayers.ReLU(6f), List.of("conv")),
        new Layer("add", new Merges.ElementWise(Merges.Operation.ADD), List.of("in", "relu"))));
  }
}
