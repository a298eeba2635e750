package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras 2 file shaped like a Teachable Machine export (a Sequential holding a Sequential holding a Functional
 * base, then a Sequential head), written here: the graph is flattened by path, and the nested group's one weight
 * list (trainable weights of every layer first, then the moving statistics) is dealt to the right layers.
 */
class NestedHdf5Test {
  @TempDir Path dir;

  private static String layer(String cls, String name, String config, String inbound) {
    return "{\"class_name\": \"" + cls + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name + "\""
        + (config.isEmpty() ? "" : ", " + config) + "}" + (inbound == null ? "" : ", \"inbound_nodes\": " + inbound)
        + "}";
  }

  private static final String BASE = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"base\", \"layers\": ["
      + layer("InputLayer", "img", "\"batch_input_shape\": [null, 4, 4, 3]", "[]") + ", "
      + layer("Conv2D", "conv1", "\"filters\": 2, \"kernel_size\": [1, 1], \"use_bias\": false",
          "[[[\"img\", 0, 0, {}]]]") + ", "
      + layer("BatchNormalization", "bn", "\"axis\": [3], \"epsilon\": 0.001", "[[[\"conv1\", 0, 0, {}]]]") + ", "
      + layer("ReLU", "relu", "\"max_value\": 6.0", "[[[\"bn\", 0, 0, {}]]]")
      + "], \"input_layers\": [[\"img\", 0, 0]], \"output_layers\": [[\"relu\", 0, 0]]}}";

  private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"tm\", \"layers\": ["
      + "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
      + layer("InputLayer", "base_input", "\"batch_input_shape\": [null, 4, 4, 3]", null) + ", " + BASE + "]}}, "
      + "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_3\", \"layers\": ["
      + layer("GlobalAveragePooling2D", "gap", "", null) + ", "
      + layer("Dense", "out", "\"units\": 2, \"activation\": \"softmax\"", null) + "]}}]}}";

  private static KerasWeight w(String name, float first, int... shape) {
    Tensor t = Tensor.zeros(shape);
    t.data()[0] = first;
    return new KerasWeight(name, t);
  }

  @Test
  void nestedModelsFlattenAndTheirWeightsBindByPosition() {
    Path file = dir.resolve("keras_model.h5");
    KerasH5Writer.write(file, List.of(
        new KerasLayer("sequential_1", List.of(w("conv1/kernel:0", 1, 1, 1, 3, 2), w("bn/gamma:0", 2, 2),
            w("bn/beta:0", 3, 2), w("bn/moving_mean:0", 4, 2), w("bn/moving_variance:0", 5, 2))),
        new KerasLayer("sequential_3", List.of(w("out/kernel:0", 6, 2, 2), w("out/bias:0", 7, 2)))),
        KerasH5Writer.Options.variableLengthStrings().withKerasVersion("2.4.0").fullModel(CONFIG));
    KerasModel model = KerasModel.read(file, null);
    assertEquals(List.of("base_input", "sequential_1/base/conv1", "sequential_1/base/bn", "sequential_1/base/relu",
        "sequential_3/gap", "sequential_3/out"), model.graph().layerNames());
    Network network = Network.bind(model.graph(), model.weights(), new WeightsOrigin("tm", false, "tm"));
    List<Tensor> bn = network.weights("sequential_1/base/bn");
    assertArrayEquals(new float[] {2, 3, 4, 5}, new float[] {bn.get(0).data()[0], bn.get(1).data()[0],
        bn.get(2).data()[0], bn.get(3).data()[0]}, "gamma, beta, moving mean, moving variance");
    assertEquals(7, network.weights("sequential_3/out").get(1).data()[0]);
    assertEquals(6 + 8 + 6, ModelSummary.of(model.graph()).totalParams());
    assertEquals(6 + 4 + 6, ModelSummary.of(model.graph()).trainableParams());
  }

  @Test
  void aNestedModelCalledTwiceRunsTwiceWithTheSameWeights() {
    String base = "{\"class_name\": \"Model\", \"name\": \"base\", \"config\": {\"name\": \"base\", \"layers\": ["
        + layer("InputLayer", "img", "\"batch_input_shape\": [null, 4, 4, 3]", "[]") + ", "
        + layer("Conv2D", "conv1", "\"filters\": 3, \"kernel_size\": [1, 1], \"use_bias\": false",
            "[[[\"img\", 0, 0, {}]]]")
        + "], \"input_layers\": [[\"img\", 0, 0]], \"output_layers\": [[\"conv1\", 0, 0]]},"
        + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]], [[\"base\", 1, 0, {}]]]}";
    String config = "{\"class_name\": \"Model\", \"config\": {\"name\": \"twice\", \"layers\": ["
        + layer("InputLayer", "in", "\"batch_input_shape\": [null, 4, 4, 3]", "[]") + ", " + base + ", "
        + layer("Add", "out", "", "[[[\"base\", 1, 0, {}], [\"base\", 2, 0, {}]]]")
        + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
    Path file = dir.resolve("twice.h5");
    KerasH5Writer.write(file, List.of(new KerasLayer("base", List.of(w("conv1/kernel:0", 9, 1, 1, 3, 3)))),
        KerasH5Writer.Options.fixedLengthStrings().withKerasVersion("2.2.4").fullModel(config));
    KerasModel model = KerasModel.read(file, null);
    assertEquals(List.of("in", "base/conv1", "base@1/conv1", "out"), model.graph().layerNames());
    assertEquals(List.of("base/conv1"), model.graph().layer("base@1/conv1").inbound());
    assertEquals(List.of("base/conv1", "base@1/conv1"), model.graph().layer("out").inbound());
    Network network = Network.bind(model.graph(), model.weights(), new WeightsOrigin("twice", false, "twice"));
    assertEquals(9, network.weights("base@1/conv1").get(0).data()[0]);
    assertEquals(9, ModelSummary.of(model.graph()).totalParams(), "Keras counts the shared weights once");
  }
}
