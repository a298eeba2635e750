package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TestRuntime;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightSpec;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.applications.MobileNetV2;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.GraphAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in model saved as a Keras 3 {@code .keras} archive (config from {@link KerasConfigWriter}, weights in
 * Keras 3's {@code layers/<key>/vars} layout) opens through the generic importer as the same graph with the same
 * weights, and gives the builder's activations at every stage and at the head.
 */
class KerasArchiveRoundTripTest {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");

  @TempDir Path dir;
  @TempDir Path builtCache;
  @TempDir Path readCache;

  @Test
  void mobileNetV2ArchiveRunsLikeTheBuilder() throws Exception {
    TestRuntime.start();
    LayerGraph graph = MobileNetV2.graph(true);
    Map<String, List<Tensor>> weights = distinct(graph, UntrainedWeights.generate(graph, 42));
    Network built = Network.bind(graph, weights, WeightsOrigin.untrained(42));
    Path archive = dir.resolve("mobilenetv2.keras");
    KerasArchiveWriter.write(archive, graph, weights);

    KerasModel model = KerasModel.read(archive, null);
    GraphAssertions.assertSameGraph(graph, model.graph());
    assertEquals(KerasConfigWriter.KERAS_VERSION, model.kerasVersion());
    for (String layer : graph.weightedLayers()) {
      for (int i = 0; i < weights.get(layer).size(); i++) {
        assertArrayEquals(weights.get(layer).get(i).data(), model.weights().get(layer).get(i).data(), layer + " " + i);
      }
    }
    Network read = Network.bind(model.graph(), model.weights(), new WeightsOrigin("mobilenetv2.keras", false,
        "roundtrip"));

    List<String> layers = new ArrayList<>(MobileNetV2.STAGES.stream().map(NetworkStage::layer).toList());
    layers.add(MobileNetV2.PREDICTIONS);
    Tensor input = ModelInput.prepare(new ImageLoader().load(CAT), MobileNetV2.INPUT_SIZE, Preprocessing.TF).tensor();
    Activations expected;
    Activations actual;
    try (ModelService service = ModelService.open(built, new SavedModelCache(builtCache), Progress.NONE)) {
      expected = service.run(input, layers);
    }
    try (ModelService service = ModelService.open(read, new SavedModelCache(readCache), Progress.NONE)) {
      actual = service.run(input, layers);
    }
    for (String layer : layers) {
      float[] e = expected.get(layer).data();
      float[] a = actual.get(layer).data();
      assertEquals(e.length, a.length, layer);
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < e.length; i++) {
        scale = Math.max(scale, Math.abs(e[i]));
        diff = Math.max(diff, Math.abs(e[i] - a[i]));
      }
      assertTrue(scale > 0, layer + " is not all zero");
      assertTrue(diff <= 1e-6 * scale, layer + ": largest difference " + diff + " against largest value " + scale);
    }
  }

  /**
   * The untrained weights with every value made different (batch norm starts as the identity: gamma 1, beta 0,
   * mean 0, variance 1), so weights read into the wrong slot or layer change the activations.
   */
  private static Map<String, List<Tensor>> distinct(LayerGraph graph, Map<String, List<Tensor>> weights) {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, List<Tensor>> out = new LinkedHashMap<>();
    weights.forEach((layer, tensors) -> {
      List<WeightSpec> specs = graph.weightSpecs(layer);
      List<Tensor> changed = new ArrayList<>();
      for (int i = 0; i < tensors.size(); i++) {
        float[] v = tensors.get(i).data().clone();
        boolean positive = specs.get(i).name().equals("moving_variance");
        for (int k = 0; k < v.length; k++) {
          v[k] = positive ? v[k] * (float) (0.5 + random.nextDouble())
              : v[k] * (float) (0.8 + 0.4 * random.nextDouble()) + (float) (0.05 * random.nextGaussian());
        }
        changed.add(Tensor.of(v, tensors.get(i).shape()));
      }
      out.put(layer, changed);
    });
    return out;
  }
}
