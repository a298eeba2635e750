package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.Prediction;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/** Several images in one batched forward give what each gives alone, to 1e-5 relative, for every layer asked. */
class BatchedAnalysisTest {
  private static final List<Path> IMAGES = List.of(Path.of("sample-images", "chelsea.png"),
      Path.of("sample-images", "coffee.png"), Path.of("sample-images", "rocket.jpg"));

  @Test
  void resnetBatchedEqualsOneByOneWithAnOnDemandLayer() throws Exception {
    // pool1_pool is not a default layer: the batch then goes through the all-layers signature too.
    check(NetworkLoader.fromFile(TestModels.resnetWeights()), List.of("pool1_pool"));
  }

  @Test
  void trainedMobileNetWithItsReshapesBatchedEqualsOneByOne() throws Exception {
    check(NetworkLoader.fromFile(TestFiles.mobileNet()), List.of());
  }

  private static void check(Network network, List<String> extra) throws Exception {
    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE)) {
      Analyzer analyzer = new Analyzer(service, new ImageLoader(), ImageNetClasses.load());
      List<ModelInput> inputs = new ArrayList<>();
      for (Path image : IMAGES) {
        inputs.add(analyzer.load(image));
      }
      List<Analysis> batched = analyzer.analyze(IMAGES, inputs, extra);
      assertEquals(IMAGES.size(), batched.size());
      for (int i = 0; i < IMAGES.size(); i++) {
        Analysis alone = analyzer.analyze(IMAGES.get(i), extra);
        assertEquals(alone.activations().names(), batched.get(i).activations().names());
        for (String layer : alone.activations().names()) {
          Tensor expected = alone.activations().get(layer);
          Tensor actual = batched.get(i).activations().get(layer);
          assertArrayEquals(expected.shape(), actual.shape(), layer);
          double relative = maxAbsDiff(expected, actual) / maxAbs(expected);
          assertTrue(relative <= 1e-5, IMAGES.get(i) + " " + layer + ": relative difference " + relative);
        }
        assertEquals(alone.predictions().stream().map(Prediction::classIndex).toList(),
            batched.get(i).predictions().stream().map(Prediction::classIndex).toList());
      }
      // The images differ, so a batch that repeated or mixed up its samples would not pass the loop above.
      String first = service.defaultLayers().get(0);
      assertTrue(maxAbsDiff(batched.get(0).activations().get(first), batched.get(1).activations().get(first)) > 0.01);
    }
  }

  private static double maxAbsDiff(Tensor a, Tensor b) {
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      max = Math.max(max, Math.abs((double) a.data()[i] - b.data()[i]));
    }
    return max;
  }

  private static double maxAbs(Tensor t) {
    double max = Double.MIN_NORMAL;
    for (float v : t.data()) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
