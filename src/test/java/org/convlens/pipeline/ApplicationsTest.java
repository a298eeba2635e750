package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.convlens.image.Preprocessing;
import org.convlens.model.LayerConfig;
import org.convlens.model.Network;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in model, through the registry: names, graphs, stages, preprocessing and where its weights are. */
class ApplicationsTest {
  @TempDir Path temp;

  static Stream<Application> all() {
    return Applications.all().stream();
  }

  static Stream<Application> downloadable() {
    return all().filter(a -> !a.bundled());
  }

  @Test
  void namesAreUniqueAndFoundIgnoringCase() {
    assertEquals(Applications.all().size(), new HashSet<>(Applications.all().stream().map(Application::id).toList())
        .size());
    for (Application app : Applications.all()) {
      assertEquals(app, Applications.named(app.id().toUpperCase(Locale.ROOT)).orElseThrow());
      assertTrue(Applications.ids().contains(app.id()));
    }
    assertTrue(Applications.named("resnet9000").isEmpty());
    assertEquals(Applications.RESNET50V2, Applications.DEFAULT);
  }

  @ParameterizedTest
  @MethodSource("all")
  void untrainedItIsItsOwnGraphWithItsStagesHeadAndPreprocessing(Application app) throws Exception {
    Network network = loader().load(new WeightsChoice.Untrained(app, 7));
    assertEquals(app.kerasName(), network.graph().name());
    assertTrue(network.origin().untrained());
    assertEquals(app.stages(), network.stages());
    assertEquals(app.predictionsLayer(), network.predictionsLayer().orElseThrow());
    LayerConfig.Input input = (LayerConfig.Input) network.graph().input().config();
    assertEquals(List.of(app.inputSize(), app.inputSize(), 3),
        List.of(input.height(), input.width(), input.channels()));
    assertEquals(app.preprocessing(), Analyzer.defaultPreprocessing(network.graph()));
    assertEquals(app, Applications.of(network.graph()).orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("all")
  void itsPreprocessingIsTheOneKerasWroteInItsSummary(Application app) throws IOException {
    String keras = summary(app).get("preprocessing").getAsString();
    // "none": preprocess_input passes the 0-255 pixels through, the model scales them itself.
    assertEquals(keras.equals("none") ? Preprocessing.RAW : Preprocessing.valueOf(keras.toUpperCase(Locale.ROOT)),
        app.preprocessing());
  }

  @ParameterizedTest
  @MethodSource("downloadable")
  void withoutTheHeadItHasNoPredictionsButAllItsStages(Application app) {
    var graph = app.graph(false);
    assertFalse(graph.contains(app.predictionsLayer()));
    app.stages().forEach(s -> assertTrue(graph.contains(s.layer()), s.layer()));
  }

  @ParameterizedTest
  @MethodSource("downloadable")
  void itsOfficialFilesAreFoundInKerassCacheFolder(Application app) throws IOException {
    Path models = Files.createDirectories(temp.resolve(app.id()).resolve("models"));
    Path keras = Files.createDirectories(temp.resolve(app.id()).resolve("keras"));
    WeightsLocator locator = new WeightsLocator(models, keras);
    Path notop = Files.writeString(keras.resolve(app.weights().files().get(1).fileName()), "x");
    assertEquals(notop, ((WeightsLocator.Found) locator.locate(app.weights())).path());
    Path top = Files.writeString(keras.resolve(app.weights().preferred().fileName()), "x");
    assertEquals(top, ((WeightsLocator.Found) locator.locate(app.weights())).path(), "the head is preferred");
  }

  @ParameterizedTest
  @MethodSource("downloadable")
  void missingWeightsNameTheModelAndItsFile(Application app) {
    var e = org.junit.jupiter.api.Assertions.assertThrows(WeightsNotFoundException.class,
        () -> loader().load(new WeightsChoice.Find(app)));
    assertTrue(e.getMessage().startsWith(app.weights().modelName() + " weights not found"), e.getMessage());
    assertTrue(e.getMessage().contains(app.weights().preferred().fileName()), e.getMessage());
  }

  @Test
  void theBundledModelIsAlwaysFound() throws Exception {
    Network network = loader().load(new WeightsChoice.Find(Applications.MOBILENET));
    assertFalse(network.origin().untrained());
    assertEquals(Applications.MOBILENET.stages(), network.stages());
    assertInstanceOf(Application.class, new WeightsChoice.Bundled().application());
    assertEquals(Applications.MOBILENET, new WeightsChoice.Bundled().application());
  }

  @Test
  void aWeightsFileForResNet50V2UnderItsOfficialNameIsFoundAndSaidNotOfficial() throws Exception {
    Path models = Files.createDirectories(temp.resolve("models"));
    Files.copy(TestModels.resnetWeights(), models.resolve(Applications.RESNET50V2.weights().preferred().fileName()));
    Network network = new NetworkLoader(new WeightsLocator(List.of(models)), temp)
        .load(new WeightsChoice.Find(Applications.RESNET50V2));
    assertEquals(Applications.RESNET50V2.stages(), network.stages());
    assertTrue(network.hasPredictions());
    assertTrue(network.origin().description().contains("not the official file: its MD5 differs"),
        network.origin().description());
  }

  @Test
  void aWholeModelSavedFromAnApplicationShowsThatApplicationsStages() throws Exception {
    Network network = loader().load(new WeightsChoice.Model(TestFiles.mobileNet(), null));
    assertEquals(Applications.MOBILENET.stages(), network.stages());
    assertEquals("predictions", network.predictionsLayer().orElseThrow());
  }

  private NetworkLoader loader() {
    return new NetworkLoader(new WeightsLocator(List.of(temp.resolve("none"))), temp);
  }

  /** Keras's own summary of the application ({@code keras-apps/NAME.summary.json}, see the folder's README). */
  static JsonObject summary(Application app) throws IOException {
    String name = "/keras-apps/" + app.displayName() + ".summary.json";
    try (InputStream in = ApplicationsTest.class.getResourceAsStream(name)) {
      assertTrue(in != null, "no Keras summary for " + app.id() + " in test resources: " + name);
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }
}
