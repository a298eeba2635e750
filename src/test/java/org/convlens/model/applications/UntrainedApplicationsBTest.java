package org.convlens.model.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each builder's graph runs through TensorFlow with seeded untrained weights, on the sample cat preprocessed the
 * way its Keras application wants: every stage shows a real feature map (finite, not all zero) and the head gives
 * probabilities. One image, one model load per model.
 */
class UntrainedApplicationsBTest {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");

  record App(String name, int inputSize, List<NetworkStage> stages, String predictions, LayerGraph graph) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<App> apps() {
    return Stream.of(
        new App(Xception.NAME, Xception.INPUT_SIZE, Xception.STAGES, Xception.PREDICTIONS, Xception.graph(true)),
        new App(InceptionV3.NAME, InceptionV3.INPUT_SIZE, InceptionV3.STAGES, InceptionV3.PREDICTIONS,
            InceptionV3.graph(true)),
        new App(EfficientNetB0.NAME, EfficientNetB0.INPUT_SIZE, EfficientNetB0.STAGES, EfficientNetB0.PREDICTIONS,
            EfficientNetB0.graph(true)),
        new App(ConvNeXtTiny.NAME, ConvNeXtTiny.INPUT_SIZE, ConvNeXtTiny.STAGES, ConvNeXtTiny.PREDICTIONS,
            ConvNeXtTiny.graph(true)));
  }

  @BeforeAll
  static void startTensorFlow() throws Exception {
    TestRuntime.start();
  }

  @ParameterizedTest
  @MethodSource("apps")
  void everyStageIsAFiniteNonZeroFeatureMap(App app, @TempDir Path cache) throws Exception {
    Network network = Network.bind(app.graph(), UntrainedWeights.generate(app.graph(), 42),
        WeightsOrigin.untrained(42));
    Preprocessing mode = Preprocessing.forApplication(app.name()).orElseThrow();
    ModelInput input = ModelInput.prepare(new ImageLoader().load(CAT), app.inputSize(), mode);
    List<String> layers = new ArrayList<>(app.stages().stream().map(NetworkStage::layer).toList());
    layers.add(app.predictions());
    try (ModelService service = ModelService.open(network, new SavedModelCache(cache), Progress.NONE)) {
      Activations a = service.run(input.tensor(), layers);
      for (NetworkStage stage : app.stages()) {
        Tensor t = a.get(stage.layer());
        assertArrayEquals(app.graph().outputShape(stage.layer()), t.shape(), stage.layer());
        boolean nonZero = false;
        for (float v : t.data()) {
          assertTrue(Float.isFinite(v), stage.layer() + " has " + v);
          nonZero |= v != 0;
        }
        assertTrue(nonZero, stage.layer() + " is all zero");
      }
      double sum = 0;
      for (float p : a.get(app.predictions()).data()) {
        assertTrue(Float.isFinite(p) && p >= 0, app.predictions() + " has " + p);
        sum += p;
      }
      assertTrue(Math.abs(sum - 1) < 1e-3, "probabilities sum to " + sum);
    }
  }
}
