package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.pipeline.WeightsChoice;
import org.junit.jupiter.api.Test;

class StartOptionsTest {
  @Test
  void noOptionsMeansSavedOrFoundWeights() {
    StartOptions o = StartOptions.parse();
    assertNull(o.weights());
    assertEquals(Optional.empty(), o.screenshotTab());
    assertEquals(List.of(), o.images());
    assertTrue(o.onlyImages());
  }

  @Test
  void filesAreImagesToOpenInOrderBesideTheOptions() {
    StartOptions o = StartOptions.parse("cat.png", "--untrained", "-dash.jpg", "dir/dog.jpg");
    assertEquals(List.of(Path.of("cat.png"), Path.of("-dash.jpg"), Path.of("dir/dog.jpg")), o.images());
    assertEquals(new WeightsChoice.Untrained(WeightsChoice.DEFAULT_SEED), o.weights());
    assertFalse(o.onlyImages(), "a launch with its own weights gets its own window");
    assertTrue(StartOptions.parse("a.png", "b.png").onlyImages(), "the running app can take these");
  }

  @Test
  void aKerasModelFileAndAnArchitectureJsonWithItsWeights() {
    assertEquals(new WeightsChoice.Model(Path.of("m.keras"), null), StartOptions.parse("--model", "m.keras").weights());
    assertEquals(new WeightsChoice.Model(Path.of("a.json"), Path.of("w.h5")),
        StartOptions.parse("--weights", "w.h5", "--model", "a.json").weights());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--model", "a.json"))
        .getMessage().contains("--weights"));
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--model", "m.keras", "--weights", "w.h5"));
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--model", "m.keras", "--untrained"));
  }

  @Test
  void untrainedWithSeedAndWeightsFile() {
    assertEquals(new WeightsChoice.Untrained(7), StartOptions.parse("--untrained", "--seed", "7").weights());
    assertEquals(new WeightsChoice.Untrained(WeightsChoice.DEFAULT_SEED), StartOptions.parse("--untrained").weights());
    assertEquals(new WeightsChoice.File(Path.of("w.h5")), StartOptions.parse("--weights", "w.h5").weights());
    assertEquals(Optional.of("filters"), StartOptions.parse("--screenshot-tab", "filters").screenshotTab());
  }

  @Test
  void aBuiltInModelByNameWithItsWeightsOrUntrained() {
    for (Application app : Applications.all()) {
      WeightsChoice found = app.bundled() ? new WeightsChoice.Bundled() : new WeightsChoice.Find(app);
      assertEquals(found, StartOptions.parse("--model", app.id().toUpperCase(java.util.Locale.ROOT)).weights());
      assertEquals(new WeightsChoice.Untrained(app, 5),
          StartOptions.parse("--model", app.id(), "--untrained", "--seed", "5").weights());
      assertFalse(StartOptions.parse("--model", app.id(), "cat.png").onlyImages());
    }
    assertEquals(new WeightsChoice.File(Path.of("w.h5"), Applications.RESNET50V2),
        StartOptions.parse("--model", "resnet50v2", "--weights", "w.h5").weights());
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--model", "mobilenet", "--weights", "w.h5"));
  }

  @Test
  void badOptionsAreOneLineErrors() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--bogus"))
        .getMessage().contains("--bogus"));
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--weights"));
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--seed", "x", "--untrained"));
    assertThrows(IllegalArgumentException.class, () -> StartOptions.parse("--untrained", "--weights", "w.h5"));
  }
}
