package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convlens.image.ImageLoader;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.WeightsMismatchException;
import org.convlens.model.keras.KerasFormatException;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.ResNet50V2Weights;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a weights file in Keras's exact layout (random values written by the HDF5 reference
 * library): read, bind, build the SavedModel, run through DJL, name the classes.
 */
class ResNetEndToEndTest {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");

  private static ModelService open(Network network) throws Exception {
    return new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE);
  }

  @Test
  void weightsFileRunsEndToEndWithEveryStageShape() throws Exception {
    Network network = NetworkLoader.fromFile(TestModels.resnetWeights());
    assertTrue(network.hasPredictions());
    assertFalse(network.origin().untrained());
    assertArrayEquals(new int[] {7, 7, 3, 64}, network.firstConvKernel().shape());
    try (ModelService service = open(network)) {
      Analysis analysis = new Analyzer(service, new ImageLoader(), ImageNetClasses.load()).analyze(CAT, List.of());
      Activations a = analysis.activations();
      assertEquals(List.of("conv1_conv", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out",
          "conv5_block3_out", "predictions"), a.names());
      assertArrayEquals(new int[] {112, 112, 64}, a.get("conv1_conv").shape());
      assertArrayEquals(new int[] {28, 28, 256}, a.get("conv2_block3_out").shape());
      assertArrayEquals(new int[] {14, 14, 512}, a.get("conv3_block4_out").shape());
      assertArrayEquals(new int[] {7, 7, 1024}, a.get("conv4_block6_out").shape());
      assertArrayEquals(new int[] {7, 7, 2048}, a.get("conv5_block3_out").shape());
      double sum = 0;
      for (float p : a.get("predictions").data()) {
        assertTrue(Float.isFinite(p) && p >= 0);
        sum += p;
      }
      assertEquals(1.0, sum, 1e-4);
      assertEquals(5, analysis.predictions().size());
      assertTrue(analysis.predictions().get(0).probability() >= analysis.predictions().get(4).probability());
      assertEquals(224, analysis.input().image().width());
      assertEquals(451, analysis.original().width());

      // The same image, one on-demand layer: computed by the all-layers signature, agreeing with the default one.
      Activations other = service.run(analysis.input().tensor(), List.of("conv2_block3_out", "pool1_pool"));
      assertArrayEquals(a.get("conv2_block3_out").data(), other.get("conv2_block3_out").data(), 1e-5f);
      assertArrayEquals(new int[] {56, 56, 64}, other.get("pool1_pool").shape());

      // A reload from the SavedModel cache gives identical activations.
      try (ModelService reloaded = open(NetworkLoader.fromFile(TestModels.resnetWeights()))) {
        Activations again = reloaded.run(analysis.input().tensor(), service.defaultLayers());
        for (String layer : a.names()) {
          assertArrayEquals(a.get(layer).data(), again.get(layer).data(), layer);
        }
      }
    }
  }

  @Test
  void notopFileHasNoPredictionsButAllStages() throws Exception {
    Network network = NetworkLoader.fromFile(TestModels.resnetWeightsNoTop());
    assertFalse(network.hasPredictions());
    try (ModelService service = open(network)) {
      Analysis analysis = new Analyzer(service, new ImageLoader(), ImageNetClasses.load()).analyze(CAT, List.of());
      assertEquals(5, analysis.activations().names().size());
      assertTrue(analysis.predictions().isEmpty());
    }
  }

  @Test
  void weightsFileWithALayerMissingNamesTheLayer() throws Exception {
    Path file = TestModels.newFolder("missing").resolve("w.h5");
    List<KerasLayer> layers = new ArrayList<>(ResNet50V2Weights.layers(1));
    layers.removeIf(l -> l.name().equals("conv4_block2_1_conv"));
    KerasH5Writer.write(file, layers);
    var e = assertThrows(WeightsMismatchException.class, () -> NetworkLoader.fromFile(file));
    assertTrue(e.getMessage().contains("'conv4_block2_1_conv'"), e.getMessage());
  }

  @Test
  void weightsFileWithAWrongShapeNamesLayerAndBothShapes() throws Exception {
    Path file = TestModels.newFolder("shape").resolve("w.h5");
    List<KerasLayer> layers = new ArrayList<>();
    for (KerasLayer layer : ResNet50V2Weights.layers(1)) {
      if (layer.name().equals("conv1_conv")) {
        layer = new KerasLayer(layer.name(), List.of(
            new KerasWeight("conv1_conv/kernel:0", Tensor.zeros(5, 5, 3, 64)), layer.weights().get(1)));
      }
      layers.add(layer);
    }
    KerasH5Writer.write(file, layers);
    var e = assertThrows(WeightsMismatchException.class, () -> NetworkLoader.fromFile(file));
    assertTrue(e.getMessage().contains("conv1_conv") && e.getMessage().contains("(7, 7, 3, 64)")
        && e.getMessage().contains("(5, 5, 3, 64)"), e.getMessage());
  }

  @Test
  void truncatedWeightsFileIsRefusedWithTheFileName() throws Exception {
    Path file = TestModels.newFolder("truncated").resolve("cut.h5");
    byte[] whole = Files.readAllBytes(TestModels.resnetWeights());
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 3));
    var e = assertThrows(KerasFormatException.class, () -> NetworkLoader.fromFile(file));
    assertTrue(e.getMessage().contains("cut.h5"), e.getMessage());
  }
}
