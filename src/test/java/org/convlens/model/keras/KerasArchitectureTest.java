package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.junit.jupiter.api.Test;

/** The Keras 2 graph walk: Sequential and Functional configs, and one refusal naming every bad layer. */
class KerasArchitectureTest {
  private static final Path FILE = Path.of("model.h5");

  private static String layer(String className, String name, String config, String inbound) {
    return "{\"class_name\": \"" + className + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name
        + "\"" + (config.isEmpty() ? "" : ", " + config) + "}, \"inbound_nodes\": " + inbound + "}";
  }

  private static String from(String... names) {
    StringBuilder sb = new StringBuilder("[[");
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ", ").append("[\"").append(names[i]).append("\", 0, 0, {}]");
    }
    return sb.append("]]").toString();
  }

  private static String functional(String... layers) {
    return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"net\", \"layers\": [" + String.join(", ", layers)
        + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
  }

  @Test
  void functionalWithSqueezeAndExcite() {
    LayerGraph g = KerasArchitecture.parse(FILE, functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 8, 8, 4]", "[]"),
        layer("GlobalAveragePooling2D", "gap", "\"keepdims\": true", from("in")),
        layer("Conv2D", "se", "\"filters\": 4, \"kernel_size\": [1, 1], \"activation\": \"hard_sigmoid\"", from("gap")),
        layer("Multiply", "scaled", "", from("in", "se")),
        layer("Concatenate", "cat", "\"axis\": -1", from("in", "scaled")),
        layer("Flatten", "flat", "", from("cat")),
        layer("Dense", "out", "\"units\": 3, \"activation\": \"softmax\"", from("flat"))));
    assertEquals(List.of("in", "gap", "se", "scaled", "cat", "flat", "out"), g.layerNames());
    assertArrayEquals(new int[] {8, 8, 8}, g.outputShape("cat"));
    // Keras: 1x1 conv 4*4+4, dense 512*3+3.
    assertEquals(20 + 1539, ModelSummary.of(g).totalParams());
  }

  @Test
  void oldSequentialAsABareListWithTheInputShapeOnTheFirstLayer() {
    LayerGraph g = KerasArchitecture.parse(FILE, "{\"class_name\": \"Sequential\", \"config\": ["
        + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"batch_input_shape\": [null, 6, 6, 1],"
        + " \"filters\": 2, \"kernel_size\": [3, 3], \"padding\": \"valid\", \"use_bias\": true, \"activation\": \"relu\"}},"
        + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": [3], \"epsilon\": 0.001}},"
        + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}}]}");
    assertEquals(List.of("c_input", "c", "bn", "f"), g.layerNames());
    assertArrayEquals(new int[] {32}, g.outputShape("f"));
  }

  @Test
  void everyUnsupportedLayerIsNamedInOneMessageBeforeAnythingRuns() {
    String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 8, 8, 1]}},"
        + "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"my_lambda\", \"function\": \"4wEAAAAAAAAA\"}},"
        + "{\"class_name\": \"Masking\", \"config\": {\"name\": \"masking\", \"mask_value\": 0.0}},"
        + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"ok_conv\", \"filters\": 1, \"kernel_size\": 3}},"
        + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 1}},"
        + "{\"class_name\": \"Activation\", \"config\": {\"name\": \"act\", \"activation\": \"mish\"}},"
        + "{\"class_name\": \"MyBlock\", \"config\": {\"name\": \"custom\"}}]}}";
    var e = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, config));
    String m = e.getMessage();
    for (String named : List.of("'my_lambda' (Lambda)", "'masking' (Masking)", "'lstm' (LSTM)", "'act' (Activation)",
        "'custom' (MyBlock)")) {
      assertTrue(m.contains(named), named + " missing from: " + m);
    }
    assertTrue(m.contains("5 problems"), m);
    assertFalse(m.contains("ok_conv"), m);
    assertTrue(m.contains("Conv2D") && m.contains("SeparableConv2D"), "lists what is supported: " + m);
  }

  @Test
  void channelsFirstModelRunsChannelsLastAndTheSummarySaysSo() {
    String cf = "\"data_format\": \"channels_first\"";
    LayerGraph g = KerasArchitecture.parse(FILE, functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 3, 10, 8]", "[]"),
        layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], \"padding\": \"same\", " + cf, from("in")),
        layer("BatchNormalization", "bn", "\"axis\": 1", from("conv")),
        layer("MaxPooling2D", "pool", "\"pool_size\": [2, 2], " + cf, from("bn")),
        layer("Concatenate", "cat", "\"axis\": 1", from("pool", "pool")),
        layer("Softmax", "rows", "\"axis\": 2", from("cat")),
        layer("Flatten", "flat", cf, from("rows")),
        layer("BatchNormalization", "bn_vector", "\"axis\": 1", from("flat")),
        layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\"", from("bn_vector"))));

    assertEquals(new org.convlens.model.LayerConfig.Input(10, 8, 3), g.input().config());
    assertArrayEquals(new int[] {5, 4, 8}, g.outputShape("cat"));
    assertEquals(new org.convlens.model.Normalizations.BatchNormalization(3, 1e-3f, true, true),
        g.layer("bn").config());
    assertEquals(new org.convlens.model.Merges.Concatenate(3), g.layer("cat").config());
    assertEquals(new org.convlens.model.ActivationLayers.Softmax(1), g.layer("rows").config());
    assertEquals(new org.convlens.model.Normalizations.BatchNormalization(1, 1e-3f, true, true),
        g.layer("bn_vector").config());
    // Weights keep their Keras shapes: 3x3x3x4 + 4, BN 4 x 4, BN 160 x 4, Dense 160x2 + 2.
    assertEquals(112 + 16 + 640 + 322, ModelSummary.of(g).totalParams());
    assertTrue(ModelSummary.of(g).toText().contains("channels_first model, run channels-last: its input (3, 10, 8)"),
        ModelSummary.of(g).toText());
  }

  @Test
  void channelsFirstLayersThatDependOnTheLayoutAreRefused() {
    String cf = "\"data_format\": \"channels_first\"";
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 1, 6, 6]", "[]"),
        layer("Conv2D", "c", "\"filters\": 2, \"kernel_size\": 3, " + cf, from("in")),
        layer("Dense", "d", "\"units\": 2", from("c")),
        layer("Reshape", "r", "\"target_shape\": [2, 4, 2]", from("c")),
        layer("Flatten", "out", "\"data_format\": \"channels_last\"", from("c"))))).getMessage();
    assertTrue(m.contains("'out' (Flatten)") && m.contains("mixed"), m);
    assertTrue(m.contains("'d' (Dense)") && m.contains("width"), m);
    assertTrue(m.contains("'r' (Reshape)") && m.contains("channels_first"), m);
  }

  @Test
  void nestedFunctionalIsFlattenedAndItsFirstCallIsNodeOne() {
    String base = "{\"class_name\": \"Functional\", \"name\": \"base\", \"config\": {\"name\": \"base\", \"layers\": ["
        + layer("InputLayer", "img", "\"batch_input_shape\": [null, 8, 8, 3]", "[]") + ", "
        + layer("Conv2D", "conv", "\"filters\": 4, \"kernel_size\": [3, 3], \"padding\": \"same\"", from("img"))
        + "], \"input_layers\": [[\"img\", 0, 0]], \"output_layers\": [[\"conv\", 0, 0]]},"
        + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}";
    LayerGraph g = KerasArchitecture.parse(FILE, functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 8, 8, 3]", "[]"),
        base,
        layer("GlobalAveragePooling2D", "out", "", "[[[\"base\", 1, 0, {}]]]")));
    assertEquals(List.of("in", "base/conv", "out"), g.layerNames());
    assertEquals(List.of("in"), g.layer("base/conv").inbound());
    assertEquals(List.of("base/conv"), g.layer("out").inbound());
  }

  @Test
  void severalOutputsAreAllLayersAndOneThatNothingReadsIsTheOutput() {
    String config = functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 4, 4, 2]", "[]"),
        layer("ReLU", "aux", "", from("in")),
        layer("ReLU", "main", "", from("aux")),
        layer("Softmax", "side", "", from("in")))
        .replace("\"output_layers\": [[\"out\", 0, 0]]",
            "\"output_layers\": [[\"aux\", 0, 0], [\"side\", 0, 0], [\"main\", 0, 0]]");
    LayerGraph g = KerasArchitecture.parse(FILE, config);
    assertEquals("side", g.outputLayer(), "aux feeds main, so the first output nothing reads");
    assertEquals(List.of("in", "aux", "main", "side"), g.layerNames());
    assertTrue(g.notes().get(0).contains("3 outputs"), g.notes().toString());
  }

  @Test
  void sharedLayerRunsOncePerCallNamedByCall() {
    LayerGraph g = KerasArchitecture.parse(FILE, functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 8, 8, 3]", "[]"),
        layer("Conv2D", "twice", "\"filters\": 3, \"kernel_size\": [1, 1]", "[" + from("in").substring(1,
            from("in").length() - 1) + ", [[\"twice\", 0, 0, {}]]]"),
        layer("Add", "out", "", "[[[\"twice\", 0, 0, {}], [\"twice\", 1, 0, {}]]]")));
    assertEquals(List.of("in", "twice", "twice@1", "out"), g.layerNames());
    assertEquals(List.of("twice"), g.layer("twice@1").inbound());
    assertEquals(List.of("twice", "twice@1"), g.layer("out").inbound());
    assertEquals("twice", LayerGraph.weightsOwner("twice@1"));
    assertEquals(3 * 3 + 3, ModelSummary.of(g).totalParams(), "Keras counts a shared layer's weights once");
  }

  private static String k3(String module, String className, String name, String config, String args) {
    return "{" + (module == null ? "" : "\"module\": \"" + module + "\", ") + "\"class_name\": \"" + className
        + "\", \"name\": \"" + name
        + "\", \"config\": {\"name\": \"" + name + "\"" + (config.isEmpty() ? "" : ", " + config)
        + "}, \"inbound_nodes\": " + (args == null ? "[]" : "[{\"args\": " + args + ", \"kwargs\": {}}]") + "}";
  }

  private static String tensor(String layer) {
    return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 4, 2], \"dtype\": "
        + "\"float32\", \"keras_history\": [\"" + layer + "\", 0, 0]}}";
  }

  @Test
  void keras3NodesAndOperationsReadAsLayers() {
    String config = "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {"
        + "\"name\": \"k3\", \"layers\": ["
        + k3("keras.layers", "InputLayer", "img", "\"batch_shape\": [null, 4, 4, 2]", null) + ", "
        + k3("keras.layers", "ReLU", "r", "", "[" + tensor("img") + "]") + ", "
        + k3("keras.src.ops.numpy", "Add", "add", "", "[" + tensor("img") + ", " + tensor("r") + "]") + ", "
        + k3("keras.src.ops.numpy", "Multiply", "half", "", "[" + tensor("add") + ", 0.5]") + ", "
        + k3("keras.src.ops.nn", "Sigmoid", "gate", "", "[" + tensor("half") + "]") + ", "
        + k3("keras.src.ops.numpy", "Concatenate", "cat", "\"axis\": -1", "[[" + tensor("half") + ", "
            + tensor("gate") + "]]") + ", "
        + k3("keras.src.ops.numpy", "Mean", "mean", "\"axis\": [1, 2], \"keepdims\": false", "[" + tensor("cat") + "]")
        + "], \"input_layers\": [\"img\", 0, 0], \"output_layers\": [\"mean\", 0, 0]}}";
    LayerGraph g = KerasArchitecture.parse(FILE, config, "3.15.1");
    assertEquals(List.of("img", "r", "add", "half", "gate", "cat", "mean"), g.layerNames());
    assertEquals(new org.convlens.model.ActivationLayers.Activation(org.convlens.model.ActivationFunction.SIGMOID),
        g.layer("gate").config());
    assertEquals(List.of("img", "r"), g.layer("add").inbound());
    assertEquals("Add", g.layer("add").type());
    assertEquals(new org.convlens.model.PreprocessingLayers.Rescaling(0.5f, 0), g.layer("half").config());
    assertArrayEquals(new int[] {4}, g.outputShape("mean"));
  }

  @Test
  void operationsInKeras3LegacyHdf5AreToldFromLayersWithoutAModule() {
    String config = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"h5\", \"layers\": ["
        + k3(null, "InputLayer", "img", "\"batch_shape\": [null, 4, 4, 2]", null) + ", "
        + k3(null, "Multiply", "twice", "", "[" + tensor("img") + ", 2.0]") + ", "
        + k3(null, "Add", "sum", "", "[[" + tensor("img") + ", " + tensor("twice") + "]]") + ", "
        + k3(null, "Reshape", "flat", "\"newshape\": [-1, 32]", "[" + tensor("sum") + "]")
        + "], \"input_layers\": [[\"img\", 0, 0]], \"output_layers\": [[\"flat\", 0, 0]]}}";
    LayerGraph g = KerasArchitecture.parse(FILE, config, "3.15.1");
    assertEquals(new org.convlens.model.PreprocessingLayers.Rescaling(2, 0), g.layer("twice").config());
    assertEquals(List.of("img", "twice"), g.layer("sum").inbound());
    assertArrayEquals(new int[] {32}, g.outputShape("flat"));
  }

  @Test
  void customClassesAndSeveralInputsAreRefusedByName() {
    String config = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"two\", \"layers\": ["
        + k3("keras.layers", "InputLayer", "a", "\"batch_shape\": [null, 4, 4, 2]", null) + ", "
        + k3("keras.layers", "InputLayer", "b", "\"batch_shape\": [null, 4, 4, 2]", null) + ", "
        + "{\"module\": \"mine\", \"class_name\": \"Conv2D\", \"registered_name\": \"mine>Conv2D\", \"name\": \"c\","
        + " \"config\": {\"name\": \"c\"}, \"inbound_nodes\": [{\"args\": [[" + tensor("a") + ", " + tensor("b")
        + "]], \"kwargs\": {}}]}], \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]],"
        + " \"output_layers\": [[\"c\", 0, 0]]}}";
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, config, "3.15"))
        .getMessage();
    assertTrue(m.contains("2 inputs"), m);
    assertTrue(m.contains("'c' (Conv2D): a custom class (mine>Conv2D)"), m);
  }

  @Test
  void anInputSizeNoImageHasIsRefusedBeforeAnythingIsSizedFromIt() {
    // A config once claimed 100000 x 100000 pixels and the user read "error: integer overflow".
    for (String shape : List.of("[null, 100000, 100000, 3]", "[null, 0, 8, 3]", "[null, 8, -2, 3]",
        "[null, 8, 8, 0]", "[null, 9999999999, 8, 3]")) {
      String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, functional(
          layer("InputLayer", "in", "\"batch_input_shape\": " + shape, "[]"),
          layer("Flatten", "out", "", from("in"))))).getMessage();
      assertTrue(m.contains("is not an image size ConvLens runs") && m.contains("4096"), shape + ": " + m);
      assertFalse(m.contains("overflow") || m.contains("Exception"), m);
    }
  }


  @Test
  void oddJsonIsRefusedInWordsNotWithTheReadersOwnComplaint() {
    // As a user once read: Cannot invoke "com.google.gson.JsonElement.getAsString()" because ... is null.
    for (String config : List.of("{\"class_name\": \"Functional\", \"config\": {\"layers\": [{\"config\": {}}]}}",
        "{\"config\": 7}", "{\"class_name\": \"Functional\", \"config\": {\"layers\": 3}}", "{ not json")) {
      String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, config)).getMessage();
      assertTrue(m.contains("model config"), config + ": " + m);
      assertFalse(m.contains("Cannot invoke") || m.contains("com.google") || m.contains("null")
          || m.contains("Exception"), config + ": " + m);
    }
  }

}
