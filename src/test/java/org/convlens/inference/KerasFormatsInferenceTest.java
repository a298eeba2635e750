package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convlens.export.NpyReader;
import org.convlens.model.Network;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.keras.KerasModel;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models written by real Keras 3.15, each as a {@code .keras} archive and as a legacy {@code .h5}, give what Keras
 * gave for the same input ({@code X.input.npy -> X.output.npy}), to 1e-4; a nested model's inner layers run by
 * path; a multi-output model with an open input size runs.
 */
class KerasFormatsInferenceTest {
  @TempDir static java.nio.file.Path cacheDir;

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  private static Network open(String file) {
    KerasModel model = KerasModel.read(TestFiles.keras(file), null);
    return Network.bind(model.graph(), model.weights(), new WeightsOrigin(file, false, file));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k3_functional_layer_zoo.keras", "k3_functional_layer_zoo.h5",
      "k3_nested_mobilenet_in_sequential.keras", "k3_nested_mobilenet_in_sequential.h5"})
  void reproducesKerasOutputs(String file) throws Exception {
    String stem = file.substring(0, file.lastIndexOf('.'));
    Tensor input = NpyReader.read(TestFiles.keras(stem + ".input.npy"));
    Tensor expected = NpyReader.read(TestFiles.keras(stem + ".output.npy"));
    Network network = open(file);
    String output = network.graph().outputLayer();
    int samples = input.shape()[0];
    int per = (int) (input.size() / samples);
    int classes = (int) (expected.size() / samples);
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      for (int n = 0; n < samples; n++) {
        Tensor sample = Tensor.of(java.util.Arrays.copyOfRange(input.data(), n * per, (n + 1) * per),
            1, input.shape()[1], input.shape()[2], input.shape()[3]);
        Tensor got = service.run(sample, List.of(output)).get(output);
        assertArrayEquals(new int[] {classes}, got.shape(), file);
        for (int i = 0; i < classes; i++) {
          assertEquals(expected.data()[n * classes + i], got.data()[i], 1e-4, file + " sample " + n + " class " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k3_nested_mobilenet_in_sequential.keras", "k3_nested_mobilenet_in_sequential.h5"})
  void nestedLayersAreReachableByPath(String file) throws Exception {
    Network network = open(file);
    String inner = "mobilenet_0.25_224/conv_pw_13_relu";
    assertArrayEquals(new int[] {7, 7, 256}, network.graph().outputShape(inner));
    assertEquals(List.of(inner), network.graph().layer("global_average_pooling2d_1").inbound());
    assertEquals(8, network.weights("mobilenet_0.25_224/conv1").get(0).shape()[3]);
    Tensor all = NpyReader.read(TestFiles.keras("k3_nested_mobilenet_in_sequential.input.npy"));
    Tensor x = Tensor.of(java.util.Arrays.copyOf(all.data(), 224 * 224 * 3), 1, 224, 224, 3);
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      Activations out = service.run(x, List.of(inner, "mobilenet_0.25_224/conv1"));
      assertArrayEquals(new int[] {7, 7, 256}, out.get(inner).shape());
      assertArrayEquals(new int[] {112, 112, 8}, out.get("mobilenet_0.25_224/conv1").shape());
      float max = 0;
      for (float v : out.get(inner).data()) {
        assertTrue(v >= 0 && v <= 6, "ReLU6 output " + v);
        max = Math.max(max, v);
      }
      assertTrue(max > 0, "the trained base gives a non-zero activation");
    }
  }

  @Test
  void multiOutputModelWithOpenInputSizeRunsAtTheChosenSize() throws Exception {
    KerasModel model = KerasModel.read(
        TestFiles.keras("k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5"), null, 48);
    Network network = Network.bind(model.graph(), model.weights(), new WeightsOrigin("mtcnn", false, "mtcnn48"));
    assertArrayEquals(new int[] {48, 48, 3}, network.graph().outputShape(network.graph().input().name()));
    assertTrue(network.graph().notes().stream().anyMatch(n -> n.contains("2 outputs")), network.graph().notes()
        .toString());
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      Tensor x = Tensor.zeros(1, 48, 48, 3);
      Activations out = service.run(x, List.of("conv4-1", "conv4-2"));
      assertArrayEquals(new int[] {19, 19, 2}, out.get("conv4-1").shape());
      assertArrayEquals(new int[] {19, 19, 4}, out.get("conv4-2").shape());
    }
  }
}
