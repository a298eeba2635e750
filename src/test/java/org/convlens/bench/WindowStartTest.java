package org.convlens.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cached-start figure is read from the window's log line, as MainController writes it. */
class WindowStartTest {
  @Test
  void readsTheUptimeOfTheFirstResultsLine() {
    assertEquals(2345, WindowStart.uptimeIn("2026-11-30 13:47:02.114 INFO  [JavaFX Application Thread] "
        + "o.convlens.ui.MainController - First results on screen 2345 ms after start (chelsea.png, weights: "
        + "untrained, seed 42)"));
  }

  @Test
  void otherLinesHaveNone() {
    assertEquals(-1, WindowStart.uptimeIn("2026-11-30 13:47:01.002 INFO  [main] o.c.inference.ModelService - "
        + "Loaded in 812 ms"));
    assertEquals(-1, WindowStart.uptimeIn("First results on screen soon"));
  }
}
