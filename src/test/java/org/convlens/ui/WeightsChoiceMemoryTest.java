package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.settings.Settings;
import org.junit.jupiter.api.Test;

/** What the settings remember of the weights, and what the banner says: pure functions, no window. */
class WeightsChoiceMemoryTest {
  @Test
  void everyKindOfChoiceSurvivesTheSettingsRoundTrip() {
    Path file = Path.of("/w/mine.h5").toAbsolutePath();
    for (WeightsChoice choice : List.of(new WeightsChoice.File(file), new WeightsChoice.Untrained(7),
        new WeightsChoice.Bundled(), new WeightsChoice.Find())) {
      Settings s = WeightsController.remember(Settings.defaults(), choice);
      assertEquals(choice, WeightsController.savedChoice(s), choice.toString());
    }
  }

  @Test
  void aLaterChoiceReplacesAnEarlierOneOfAnotherKind() {
    Settings file = WeightsController.remember(Settings.defaults(), new WeightsChoice.File(Path.of("/a.h5")));
    Settings untrained = WeightsController.remember(file, new WeightsChoice.Untrained(42));
    assertNull(untrained.weightsPath());
    assertEquals(new WeightsChoice.Untrained(42), WeightsController.savedChoice(untrained));
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
    assertTrue(WeightsController.downloadMessage(0, officialBytes).endsWith("of " + WeightsBanner.DOWNLOAD_SIZE),
        WeightsController.downloadMessage(0, officialBytes));
  }

}
