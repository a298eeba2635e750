package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TestRuntime;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.applications.ConvNeXtTiny;
import org.convlens.model.applications.DenseNet121;
import org.convlens.model.applications.EfficientNetB0;
import org.convlens.model.applications.InceptionV3;
import org.convlens.model.applications.MobileNetV2;
import org.convlens.model.applications.ResNet50;
import org.convlens.model.applications.VGG16;
import org.convlens.model.applications.Xception;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in model runs untrained: the registry's entries that UntrainedApplicationsTest and
 * UntrainedApplicationsBTest do not run (ResNet50V2, the bundled MobileNet, and any entry added later) run here,
 * through the app's own path ({@link NetworkLoader} with {@link WeightsChoice.Untrained}, the registry's
 * preprocessing), and every stage and the head are finite and not all zero. So is EfficientNetB0's graph for its
 * official weights, whose {@code rescaling_1} scales each channel.
 */
class UntrainedRegistryTest {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");

  /** The Keras names the two builder tests run (the lists there; VGG16 without its head). */
  private static final Set<String> RUN_ELSEWHERE = Set.of(MobileNetV2.NAME, DenseNet121.NAME, ResNet50.NAME,
      VGG16.NAME, Xception.NAME, InceptionV3.NAME, EfficientNetB0.NAME, ConvNeXtTiny.NAME);

  @TempDir Path cache;

  static Stream<Application> notRunElsewhere() {
    return Applications.all().stream().filter(a -> !RUN_ELSEWHERE.contains(a.kerasName()));
  }

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  @Test
  void theOtherTestsCoverTheRestOfTheRegistry() {
    Set<String> registry = Applications.all().stream().map(Application::kerasName).collect(Collectors.toSet());
    assertTrue(registry.containsAll(RUN_ELSEWHERE), "a name here is no registry entry's: " + RUN_ELSEWHERE);
    assertEquals(Set.of(ResNet50V2.NAME, BundledModel.KERAS_NAME),
        notRunElsewhere().map(Application::kerasName).collect(Collectors.toSet()));
  }

  @ParameterizedTest
  @MethodSource("notRunElsewhere")
  void runsUntrainedWithFiniteNonZeroStages(Application app) throws Exception {
    Network network = new NetworkLoader(null, cache.resolve("unpacked"))
        .load(new WeightsChoice.Untrained(app, 42));
    check(network, app);
  }

  @Test
  void efficientNetsGraphForItsWeightsRuns() throws Exception {
    LayerGraph graph = EfficientNetB0.weightsGraph(true);
    Application app = Applications.EFFICIENTNETB0;
    Network network = Network.bind(graph, UntrainedWeights.generate(graph, 42), WeightsOrigin.untrained(42))
        .withStages(app.stages(), app.predictionsLayer());
    check(network, app);
  }

  private void check(Network network, Application app) throws Exception {
    ModelInput input = ModelInput.prepare(new ImageLoader().load(CAT), app.inputSize(), app.preprocessing());
    List<String> layers = new ArrayList<>(network.stages().stream().map(NetworkStage::layer).toList());
    layers.add(app.predictionsLayer());
    assertEquals(app.stages(), network.stages());
    try (ModelService service = ModelService.open(network, new SavedModelCache(cache.resolve("tf")),
        Progress.NONE)) {
      Activations a = service.run(input.tensor(), layers);
      for (String layer : layers) {
        Tensor t = a.get(layer);
        assertArrayEquals(network.graph().outputShape(layer), t.shape(), app + " " + layer);
        boolean nonZero = false;
        for (float v : t.data()) {
          assertTrue(Float.isFinite(v), app + " " + layer + " has " + v);
          nonZero |= v != 0;
        }
        assertTrue(nonZero, app + " " + layer + " is all zero");
      }
    }
  }
}
