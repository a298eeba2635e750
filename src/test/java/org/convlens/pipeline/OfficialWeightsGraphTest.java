package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * A weights file of EfficientNetB0 binds to the graph Keras builds for {@code weights="imagenet"} (with
 * {@code rescaling_1}); its untrained run keeps the {@code weights=None} graph, which Keras's summary lists.
 */
class OfficialWeightsGraphTest {
  private static final Application APP = Applications.EFFICIENTNETB0;

  @Test
  void aWeightsFileGetsTheGraphWithRescaling1() throws Exception {
    for (boolean top : List.of(true, false)) {
      LayerGraph graph = APP.graph(top);
      Map<String, List<Tensor>> weights = UntrainedWeights.generate(graph, 5);
      List<KerasLayer> layers = new ArrayList<>();
      for (String layer : graph.weightedLayers()) {
        List<KerasWeight> vars = new ArrayList<>();
        for (int i = 0; i < weights.get(layer).size(); i++) {
          vars.add(new KerasWeight(layer + "/w" + i + ":0", weights.get(layer).get(i)));
        }
        layers.add(new KerasLayer(layer, vars));
      }
      Path file = TestModels.newFolder("efficientnet-" + top).resolve("efficientnetb0.h5");
      KerasH5Writer.write(file, layers);

      Network network = NetworkLoader.fromFile(file, APP, null);

      assertTrue(network.graph().contains("rescaling_1"), "the official weights' graph");
      assertTrue(top == network.graph().contains(APP.predictionsLayer()));
      assertArrayEquals(weights.get("normalization").get(0).data(), network.weights("normalization").get(0).data());
    }
  }

  @Test
  void untrainedKeepsTheGraphKerasSummarises() throws Exception {
    NetworkLoader loader = new NetworkLoader(null, TestModels.newFolder("cache"));
    Network network = loader.load(new WeightsChoice.Untrained(APP, 1));
    assertFalse(network.graph().contains("rescaling_1"));
    assertTrue(network.graph().contains("rescaling"));
  }
}
