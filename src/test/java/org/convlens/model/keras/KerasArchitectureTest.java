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
  void nestedModelsAndSeveralOutputsAreRefusedClearly() {
    String nested = functional(
        layer("InputLayer", "in", "\"batch_input_shape\": [null, 8, 8, 3]", "[]"),
        layer("Functional", "base", "\"layers\": []", from("in")),
        layer("Dense", "out", "\"units\": 2", from("base")));
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, nested)).getMessage();
    assertTrue(m.contains("'base' (Functional)") && m.contains("nested"), m);
  }
}
