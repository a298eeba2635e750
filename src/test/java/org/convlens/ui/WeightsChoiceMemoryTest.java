package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.image.Preprocessing;
import org.convlens.model.ActivationFunction;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.Pooling;
import org.convlens.model.LayerGraph;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.settings.Settings;
import org.convlens.ui.settings.SettingsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the settings remember of the weights, and what the banner says: pure functions, no window. */
class WeightsChoiceMemoryTest {
  @Test
  void everyKindOfChoiceSurvivesTheSettingsRoundTrip() {
    Path file = Path.of("/w/mine.h5").toAbsolutePath();
    Path json = Path.of("/m/arch.json").toAbsolutePath();
    for (WeightsChoice choice : List.of(new WeightsChoice.File(file), new WeightsChoice.Untrained(7),
        new WeightsChoice.Bundled(), new WeightsChoice.Find(),
        new WeightsChoice.Model(Path.of("/m/mine.keras").toAbsolutePath(), null),
        new WeightsChoice.Model(json, Path.of("/m/arch.weights.h5").toAbsolutePath(), 96))) {
      Settings s = WeightsController.remember(Settings.defaults(), choice);
      assertEquals(choice, WeightsController.savedChoice(s), choice.toString());
    }
  }

  @Test
  void everyBuiltInModelIsRememberedWithItsWeights() {
    Path file = Path.of("/w/mine.h5").toAbsolutePath();
    for (Application app : Applications.all()) {
      for (WeightsChoice choice : List.of(new WeightsChoice.File(file, app), new WeightsChoice.Untrained(app, 7),
          new WeightsChoice.Find(app))) {
        Settings s = WeightsController.remember(Settings.defaults(), choice);
        assertEquals(choice, WeightsController.savedChoice(s), choice.toString());
      }
    }
  }

  @Test
  void aSettingsFileFromBeforeTheModelWasRememberedMeansResNet50V2(@TempDir Path config) throws Exception {
    // As version 0.1 wrote it: untrained weights, and no "application".
    Files.writeString(config.resolve(SettingsStore.FILE_NAME), "{\"model\": \"untrained:9\", \"maps\": 64}");
    Settings old = new SettingsStore(config).load().settings();
    assertEquals(new WeightsChoice.Untrained(Applications.RESNET50V2, 9), WeightsController.savedChoice(old));
    Files.writeString(config.resolve(SettingsStore.FILE_NAME), "{\"weightsPath\": \"/w/r.h5\"}");
    assertEquals(new WeightsChoice.File(Path.of("/w/r.h5"), Applications.RESNET50V2),
        WeightsController.savedChoice(new SettingsStore(config).load().settings()));
    Settings unknown = Settings.defaults().withWeights(null, null, "resnet9000");
    assertEquals(new WeightsChoice.Find(Applications.DEFAULT), WeightsController.savedChoice(unknown));
  }

  @Test
  void theLastFiveModelFilesAreRememberedMostRecentFirst() {
    Settings s = Settings.defaults();
    for (int i = 1; i <= 7; i++) {
      s = WeightsController.remember(s, new WeightsChoice.Model(Path.of("/m/model" + i + ".keras"), null));
    }
    s = WeightsController.remember(s, new WeightsChoice.Model(Path.of("/m/model5.keras"), null));
    s = WeightsController.remember(s, new WeightsChoice.Untrained(3));
    List<String> expected = List.of(5, 7, 6, 4, 3).stream()
        .map(i -> Path.of("/m/model" + i + ".keras").toAbsolutePath().toString()).toList();
    assertEquals(expected, s.recentModels());
  }

  @Test
  void aLaterChoiceReplacesAnEarlierOneOfAnotherKind() {
    Settings file = WeightsController.remember(Settings.defaults(), new WeightsChoice.File(Path.of("/a.h5")));
    Settings untrained = WeightsController.remember(file, new WeightsChoice.Untrained(42));
    assertNull(untrained.weightsPath());
    assertEquals(new WeightsChoice.Untrained(42), WeightsController.savedChoice(untrained));
  }

  @Test
  void aModelFileReplacesRememberedWeightsAndIsReplacedByThem() {
    Settings file = WeightsController.remember(Settings.defaults(), new WeightsChoice.File(Path.of("/a.h5")));
    WeightsChoice.Model keras = new WeightsChoice.Model(Path.of("/m.keras").toAbsolutePath(), null);
    Settings model = WeightsController.remember(file, keras);
    assertNull(model.weightsPath());
    assertEquals(keras, WeightsController.savedChoice(model));
    Settings bundled = WeightsController.remember(model, new WeightsChoice.Bundled());
    assertNull(bundled.modelFile());
    assertEquals(new WeightsChoice.Bundled(), WeightsController.savedChoice(bundled));
  }

  @Test
  void aModelFileIsRememberedByItsAbsolutePath() {
    Settings s = WeightsController.remember(Settings.defaults(),
        new WeightsChoice.Model(Path.of("models/../m.keras"), null));
    assertEquals(Path.of("m.keras").toAbsolutePath().toString(), s.modelFile().file());
  }

  @Test
  void thePreprocessingIsKerasDefaultUntilTheUserChoosesOneForTheFile() {
    LayerGraph nested = nestedGraph("mobilenet_0.25_224"); // a MobileNet: Keras's "tf"
    LayerGraph vgg = nestedGraph("vgg16"); // a VGG: Keras's "caffe"
    WeightsChoice.Model model = new WeightsChoice.Model(Path.of("/m/mine.keras").toAbsolutePath(), null);
    Settings none = Settings.defaults();
    assertEquals(Preprocessing.TF, WeightsController.preprocessingFor(model, nested, none));
    assertEquals(Preprocessing.CAFFE, WeightsController.preprocessingFor(model, vgg, none));

    String key = WeightsController.preprocessingKey(model).orElseThrow();
    Settings chosen = none.withPreprocessing(key, "unit");
    assertEquals(Preprocessing.UNIT, WeightsController.preprocessingFor(model, nested, chosen));
    WeightsChoice.Model other = new WeightsChoice.Model(Path.of("/m/other.keras").toAbsolutePath(), null);
    assertEquals(Preprocessing.TF, WeightsController.preprocessingFor(other, nested, chosen), "per file");
    assertEquals(Preprocessing.TF, WeightsController.preprocessingFor(model, nested,
        none.withPreprocessing(key, "sepia")), "a hand-edited mode counts as none");
    assertTrue(WeightsController.preprocessingKey(new WeightsChoice.Bundled()).isEmpty());
  }

  /** A Sequential holding an application model {@code inner} and a head, as a fine-tuned model is saved. */
  private static LayerGraph nestedGraph(String inner) {
    return new LayerGraph("sequential", List.of(
        new Layer("input_1", new LayerConfig.Input(4, 6, 3), List.of()),
        new Layer(inner + "/gap", new Pooling.GlobalAveragePooling2D(false), List.of("input_1")),
        new Layer("head", new CoreLayers.Dense(3, ActivationFunction.LINEAR), List.of(inner + "/gap"))));
  }

  @Test
  void aHandEditedValueMeansSearchAsIfNothingWereRemembered() {
    Settings odd = Settings.defaults().withWeights(null, "untrained:many");
    assertEquals(new WeightsChoice.Find(), WeightsController.savedChoice(odd));
  }

  @Test
  void theBannerIsHiddenOnlyWhileAModelIsShownOrLoading() {
    assertNull(WeightsController.bannerMessage(null, new WeightsChoice.Find(), false, null));
    assertNull(WeightsController.bannerMessage(null, null, true, null));
    String none = WeightsController.bannerMessage(null, null, false, "the file is damaged");
    assertTrue(none.startsWith("No model is loaded: the file is damaged."), none);
    assertTrue(none.contains("untrained"), none);
  }

  @Test
  void theDownloadButtonAndItsProgressSpeakTheSameMegabytes() {
    long officialBytes = 98L << 20; // the file's size as usually quoted, 98 MiB: 102.8 MB
    String message = WeightsController.downloadMessage(0, officialBytes);
    assertTrue(message.endsWith("of " + Applications.RESNET50V2.downloadSize()), message);
  }

}
