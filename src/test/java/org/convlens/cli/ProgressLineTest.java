package org.convlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line of a batch: count, file, rate and time left. */
class ProgressLineTest {
  @Test
  void saysCountNameRateAndTimeLeft() {
    // 37 images in 3 s: 12.3 img/s, 163 left at that rate take 13.2 s.
    assertEquals("[37/200] cat.jpg  12.3 img/s  ETA 0:13", ProgressLine.format(37, 200, "cat.jpg", 3_000_000_000L));
  }

  @Test
  void theLastImageLeavesNothingToWaitFor() {
    assertEquals("[4/4] d.png  2.0 img/s  ETA 0:00", ProgressLine.format(4, 4, "d.png", 2_000_000_000L));
  }

  @Test
  void longWaitsShowHours() {
    assertEquals("0:59", ProgressLine.clock(59));
    assertEquals("1:05", ProgressLine.clock(65));
    assertEquals("1:01:01", ProgressLine.clock(3661));
  }
}
