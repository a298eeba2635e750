package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.ModelSignature;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.SignatureNetwork;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel written by ConvLens itself (the bundled MobileNet's), opened as a foreign SavedModel folder: read
 * from its signature, run by DJL as it is, it gives the Keras path's activations.
 */
class SavedModelFolderTest {

  @Test
  void convLensOwnSavedModelGivesTheKerasPathsActivations(@TempDir Path dir) throws Exception {
    TestRuntime.start();
    Network keras = NetworkLoader.fromFile(TestFiles.mobileNet());
    List<String> defaults = ModelService.defaultLayers(keras);
    Path folder = dir.resolve("mobilenet_savedmodel");
    SavedModelExporter.export(keras, defaults, folder);

    ModelSignature signature = SavedModelReader.read(folder);
    assertEquals(SavedModelReader.SERVING, signature.key());
    assertEquals(SavedModelExporter.INPUT_KEY, signature.input().key());
    assertEquals(ModelSummary.of(keras.graph()).totalParams(), signature.parameters(), "variables' scalars");
    Network foreign = SignatureNetwork.of(signature, 224);
    assertEquals(keras.stages().stream().map(NetworkStage::layer).toList(),
        foreign.stages().stream().map(NetworkStage::name).toList(), "one stage per rank-4 output, by its key");
    assertEquals(keras.predictionsLayer(), foreign.predictionsLayer());

    Tensor input = ModelInput.prepare(new ImageLoader().load(Path.of("sample-images", "chelsea.png")), 224, 224,
        Preprocessing.TF).tensor();
    ModelLoader loader = new ModelLoader(TestModels.dirs(), null);
    try (ModelService ours = loader.open(keras, Progress.NONE);
        ModelService theirs = loader.open(foreign, Progress.NONE)) {
      assertEquals(defaults, theirs.defaultLayers());
      Activations expected = ours.run(input, defaults);
      Activations actual = theirs.run(input, defaults);
      for (String layer : defaults) {
        Tensor e = expected.get(layer);
        Tensor a = actual.get(layer);
        assertArrayEquals(e.shape(), a.shape(), layer);
        for (int i = 0; i < e.size(); i++) {
          assertEquals(e.data()[i], a.data()[i], 1e-6, layer + " at " + i);
        }
      }
      assertTrue(foreign.graph().notes().stream().anyMatch(n -> n.contains("475,544")), foreign.graph().notes()
          .toString());
      // Its 1000-wide output names ImageNet classes, as the trained MobileNet's own head does.
      Analysis cat = new Analyzer(theirs, new ImageLoader(), ImageNetClasses.load(), Preprocessing.TF)
          .analyze(Path.of("sample-images", "chelsea.png"), List.of());
      assertEquals("Egyptian cat", cat.predictions().get(0).label(), cat.predictions().toString());
    }
  }
}
