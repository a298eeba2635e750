package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convlens.image.ImageLoader;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.Prediction;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The one check of the whole pipeline against numbers nobody here wrote: a trained ImageNet MobileNet (a real
 * Keras file, models/, bundled with the app) read from its own model_config, run through TensorFlow on the cat
 * photo, must give the top five an independent PyTorch port of Keras's MobileNet gave (PIL bilinear resize,
 * "tf" preprocessing; the README beside the file lists them).
 */
class TrainedMobileNetTest {

  @Test
  void catComesOutAsEgyptianCatLynxTabbyTigerCat() throws Exception {
    Path file = TestFiles.mobileNet();
    Network network = NetworkLoader.fromFile(file);
    assertEquals(91, network.graph().layers().size());
    assertEquals(475_544, ModelSummary.of(network.graph()).totalParams());
    assertArrayEquals(new int[] {3, 3, 3, 8}, network.firstConvKernel().shape());

    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE)) {
      Analysis analysis = new Analyzer(service, new ImageLoader(), ImageNetClasses.load())
          .analyze(Path.of("sample-images", "chelsea.png"), List.of("conv_pw_13_relu"));
      assertArrayEquals(new int[] {7, 7, 256}, analysis.activations().get("conv_pw_13_relu").shape());
      List<Prediction> top = analysis.predictions();
      int[] classes = {285, 287, 281, 282, 335};
      float[] reference = {0.3552f, 0.2205f, 0.1451f, 0.1241f, 0.0365f};
      for (int i = 0; i < classes.length; i++) {
        assertEquals(classes[i], top.get(i).classIndex(), "rank " + (i + 1) + ": " + top);
        assertEquals(reference[i], top.get(i).probability(), 0.005, "rank " + (i + 1) + ": " + top);
      }
      assertTrue(top.get(0).label().equals("Egyptian cat"), top.toString());

      Analyzer analyzer = new Analyzer(service, new ImageLoader(), ImageNetClasses.load());
      Prediction coffee = analyzer.analyze(Path.of("sample-images", "coffee.png"), List.of()).predictions().get(0);
      assertEquals("espresso", coffee.label());
      assertEquals(0.9300, coffee.probability(), 0.005);
      Prediction astronaut = analyzer.analyze(Path.of("sample-images", "astronaut.png"), List.of()).predictions().get(0);
      assertEquals("barbell", astronaut.label());
      assertEquals(0.3268, astronaut.probability(), 0.005);
      Prediction rocket = analyzer.analyze(Path.of("sample-images", "rocket.jpg"), List.of()).predictions().get(0);
      assertEquals("mosque", rocket.label());
      assertEquals(0.4392, rocket.probability(), 0.005);
    }
  }
}
