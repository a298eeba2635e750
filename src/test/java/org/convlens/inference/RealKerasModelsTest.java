package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.keras.KerasArchitecture;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.model.keras.KerasWeights;
import org.convlens.model.keras.KerasWeightsReader;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real Keras 2 CNN files in {@code src/test/resources/keras/} that need only layers (one input, one output,
 * no nesting, HDF5): each loads, builds, runs, and its parameter count equals the weights Keras saved.
 */
class RealKerasModelsTest {
  @TempDir static Path cacheDir;

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  /** The graph from the file's model_config, or from the architecture JSON beside a weights-only file. */
  private static Network load(String weightsFile, String architectureJson) throws IOException {
    Path file = TestFiles.keras(weightsFile);
    KerasWeights keras = KerasWeightsReader.read(file);
    String config = architectureJson == null ? keras.modelConfig()
        : Files.readString(TestFiles.keras(architectureJson), StandardCharsets.UTF_8);
    LayerGraph graph = KerasArchitecture.parse(file, config, keras.kerasVersion());
    Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
    for (KerasLayer layer : keras.weightedLayers()) {
      byLayer.put(layer.name(), layer.weights().stream().map(KerasWeight::value).toList());
    }
    Network network = Network.bind(graph, byLayer, new WeightsOrigin(weightsFile, false, weightsFile));
    long saved = keras.weightedLayers().stream().mapToLong(KerasLayer::parameterCount).sum();
    assertEquals(saved, ModelSummary.of(graph).totalParams(), weightsFile + ": parameters, ours vs the file's");
    return network;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      "k2_full_sequential_cnn_bn_dl4j.h5, -, '1'",
      "k2_full_functional_resnet8_add_bn_mlperftiny.h5, -, '10'",
      "k2_full_sequential_depthwise_bn_gap_tinymaix.h5, -, '10'",
      "k2_full_functional_mobilenet_vww96_tinymaix.h5, -, '2'",
      "k2_full_functional_sepconv2d_tfkeras_dl4j.h5, -, '4'",
      "k2_full_sequential_conv2d_1layer_hls4ml.h5, -, '3 3 1'",
      "k2_weights_sequential_conv2d_1layer_hls4ml.h5, k2_arch_sequential_conv2d_1layer_hls4ml.json, '3 3 1'",
      "k2_weights_functional_jettagger_cnn_bn_hls4ml.h5, k2_arch_functional_jettagger_cnn_bn_hls4ml.json, '5'"})
  void loadsBuildsAndRuns(String weightsFile, String architectureJson, String outputShape) throws Exception {
    Network network = load(weightsFile, architectureJson);
    LayerConfig.Input in = (LayerConfig.Input) network.graph().input().config();
    Tensor x = Tensor.zeros(1, in.height(), in.width(), in.channels());
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) Math.sin(i * 0.37);
    }
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      List<String> names = network.graph().layerNames().subList(1, network.graph().layerNames().size());
      Activations out = service.run(x, names);
      for (String layer : names) {
        assertArrayEquals(network.graph().outputShape(layer), out.get(layer).shape(), layer);
        for (float v : out.get(layer).data()) {
          assertTrue(Float.isFinite(v), weightsFile + " " + layer + " gives " + v);
        }
      }
      int[] expected = java.util.Arrays.stream(outputShape.split(" ")).mapToInt(Integer::parseInt).toArray();
      assertArrayEquals(expected, out.get(network.graph().outputLayer()).shape());
    }
  }

  @Test
  void cnnWithBatchNormReproducesKerasPredictions() throws Exception {
    Network network = load("k2_full_sequential_cnn_bn_dl4j.h5", null);
    double[] input = readFloat64(TestFiles.keras("k2_full_sequential_cnn_bn_dl4j.input.npy"));
    float[] expected = floats(TestFiles.keras("k2_full_sequential_cnn_bn_dl4j.predictions.npy"));
    int per = 10 * 10 * 3;
    assertEquals(5 * per, input.length);
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      for (int n = 0; n < 5; n++) {
        float[] sample = new float[per];
        for (int i = 0; i < per; i++) {
          sample[i] = (float) input[n * per + i];
        }
        String output = network.graph().outputLayer();
        float got = service.run(Tensor.of(sample, 1, 10, 10, 3), List.of(output)).get(output).data()[0];
        assertEquals(expected[n], got, 1e-5, "sample " + n);
      }
    }
  }

  private static float[] floats(Path npy) throws IOException {
    return org.convlens.export.NpyReader.read(npy).data();
  }

  /** A little-endian float64 .npy (the dl4j input), read here: our NpyReader takes float32 only. */
  private static double[] readFloat64(Path npy) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(8);
    int headerLength = b.getShort() & 0xFFFF;
    byte[] header = new byte[headerLength];
    b.get(header);
    String h = new String(header, StandardCharsets.US_ASCII);
    Matcher descr = Pattern.compile("'descr'\\s*:\\s*'<f8'").matcher(h);
    assertTrue(descr.find() && h.contains("'fortran_order': False"), h);
    double[] values = new double[b.remaining() / 8];
    b.asDoubleBuffer().get(values);
    return values;
  }
}
