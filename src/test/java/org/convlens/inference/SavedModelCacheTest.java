package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.ActivationFunction;
import org.convlens.model.CoreLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.Pooling;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached SavedModel that no longer fits (older default outputs, damaged file) is rebuilt, not trusted. */
class SavedModelCacheTest {
  @TempDir Path root;

  private static Network network(String key) {
    LayerGraph graph = new LayerGraph("tiny", List.of(
        new Layer("input_1", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("input_1")),
        new Layer("pool", new Pooling.MaxPooling2D(2, 2, LayerConfig.Padding.VALID), List.of("conv"))));
    return Network.bind(graph, UntrainedWeights.generate(graph, 1), new WeightsOrigin("test", true, key));
  }

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  @Test
  void anyVectorHeadIsADefaultOutputNotOnlyOneNamedPredictions() {
    LayerGraph graph = new LayerGraph("headed", List.of(
        new Layer("input_1", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("input_1")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("conv")),
        new Layer("logits", new CoreLayers.Dense(5, ActivationFunction.LINEAR), List.of("gap"))));
    Network network = Network.bind(graph, UntrainedWeights.generate(graph, 1), new WeightsOrigin("t", true, "h"));
    assertEquals(List.of("conv", "logits"), ModelService.defaultLayers(network));
  }

  @Test
  void aSavedModelWithOtherDefaultOutputsIsRebuilt() throws Exception {
    Network network = network("stale");
    SavedModelCache cache = new SavedModelCache(root);
    // As an older version would have left it: only "conv" in the default signature.
    Files.createDirectories(root);
    SavedModelExporter.export(network, List.of("conv"), cache.folderFor(network));
    try (ModelService service = ModelService.open(network, cache, Progress.NONE)) {
      assertEquals(List.of("conv", "pool"), service.defaultLayers());
      Activations a = service.run(Tensor.zeros(1, 8, 8, 3), service.defaultLayers());
      assertEquals(List.of("conv", "pool"), a.names());
    }
  }

  @Test
  void aDamagedSavedModelIsRebuilt() throws Exception {
    Network network = network("damaged");
    SavedModelCache cache = new SavedModelCache(root);
    Path dir = cache.folderFor(network);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("saved_model.pb"), "not a protobuf");
    try (ModelService service = ModelService.open(network, cache, Progress.NONE)) {
      assertTrue(service.run(Tensor.zeros(1, 8, 8, 3), List.of("pool")).has("pool"));
    }
    assertTrue(Files.size(dir.resolve("saved_model.pb")) > 100);
  }
}
