package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The notification cards: which close on their own, and how many show at once. */
class NotificationCenterTest {
  private static final Duration INFO = Duration.millis(300);
  private static final Duration WARNING = Duration.millis(600);

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void informationAndWarningsCloseOnTheirOwnErrorsStay() throws Exception {
    NotificationCenter center = onFx(() -> new NotificationCenter(INFO, WARNING));
    runFx(() -> {
      center.error("Broken", new IllegalStateException("it broke"));
      center.warning("Careful", "a warning");
      center.info("Done", "exported");
    });
    assertEquals(List.of("Broken", "Careful", "Done"), titles(center));
    waitFor(5, () -> titles(center).equals(List.of("Broken", "Careful")));
    waitFor(5, () -> titles(center).equals(List.of("Broken")));
    WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS);
    assertEquals(List.of("Broken"), titles(center), "an error stays until closed");
  }

  @Test
  void atMostThreeCardsShowTheOldestGoesFirst() throws Exception {
    NotificationCenter center = onFx(() -> new NotificationCenter(INFO, WARNING));
    runFx(() -> {
      for (int i = 1; i <= 5; i++) {
        center.error("Error " + i, new RuntimeException("number " + i));
      }
    });
    assertEquals(NotificationCenter.MAX_CARDS, 3);
    assertEquals(List.of("Error 3", "Error 4", "Error 5"), titles(center));
  }

  @Test
  void aCardUnderTheMouseStaysUntilTheMouseLeaves() throws Exception {
    NotificationCenter center = onFx(() -> new NotificationCenter(INFO, WARNING));
    runFx(() -> center.info("Read me", "slowly"));
    Node card = onFx(() -> center.shown().get(0));
    runFx(() -> Event.fireEvent(card, mouse(MouseEvent.MOUSE_ENTERED)));
    WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
    assertEquals(List.of("Read me"), titles(center));
    runFx(() -> Event.fireEvent(card, mouse(MouseEvent.MOUSE_EXITED)));
    waitFor(5, () -> center.shown().isEmpty());
  }

  @Test
  void theDefaultTimesCloseInformationWithinSecondsAndWarningsLater() {
    assertTrue(NotificationCenter.INFO_TIME.toSeconds() >= 3 && NotificationCenter.INFO_TIME.toSeconds() <= 10);
    assertTrue(NotificationCenter.WARNING_TIME.greaterThan(NotificationCenter.INFO_TIME));
  }

  private static List<String> titles(NotificationCenter center) throws Exception {
    return onFx(() -> center.shown().stream()
        .map(card -> ((Label) card.lookup(".notification-title")).getText())
        .toList());
  }

  private static MouseEvent mouse(javafx.event.EventType<MouseEvent> type) {
    return new MouseEvent(type, 0, 0, 0, 0, javafx.scene.input.MouseButton.NONE, 0,
        false, false, false, false, false, false, false, false, false, false, null);
  }

  @Test
  void aBugReadsAsAPlainSentenceNamingWhatFailedAndTheLogWhileOurOwnMessagesStayAsWritten() throws Exception {
    NullPointerException bug = new NullPointerException(
        "Cannot invoke \"com.google.gson.JsonElement.getAsString()\" because the return value is null");
    // Issue 13's template: "ConvLens could not <what it was doing> (internal error; details in the log at PATH)".
    String template = "ConvLens could not open cat.png (internal error; details in the log at "
        + org.convlens.files.UserFolders.logFile() + ")";
    assertEquals(template, NotificationCenter.describe("open cat.png", bug));
    String ours = "chelsea.png looks truncated or damaged: download or export it again.";
    assertEquals(ours, NotificationCenter.describe("open chelsea.png", new java.io.IOException(ours)));

    // A card titled "Could not <what>" says what could not be done.
    NotificationCenter center = onFx(() -> new NotificationCenter(INFO, WARNING));
    runFx(() -> center.error("Could not open cat.png", bug));
    assertEquals(template, onFx(() -> ((Label) center.shown().get(0).lookup(".notification-message")).getText()));
  }

  @Test
  void theSystemOpenerUsesEachDesktopsOwnCommand() {
    java.nio.file.Path log = java.nio.file.Path.of("/l/convlens.log");
    assertEquals(List.of("xdg-open", log.toString()), SystemOpener.command("Linux", log));
    assertEquals(List.of("open", log.toString()), SystemOpener.command("Mac OS X", log));
    assertEquals(List.of("explorer.exe", log.toString()), SystemOpener.command("Windows 11", log));
  }

}
