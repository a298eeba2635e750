package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/** The soak's flatness test tells a wandering curve from a leak and from a step. */
class FlatnessTest {
  private static final long MB = 1_000_000;

  @Test
  void aCurveThatWandersIsFlatALeakOrAStepIsNot() {
    Random random = new Random(13);
    IntToLongFunction noise = i -> (long) (random.nextGaussian() * 5 * MB);
    assertTrue(Flatness.of(curve(i -> 300 * MB + noise.applyAsLong(i))).flat());
    // Half a megabyte per image: 150 MB over 300 images.
    Flatness leak = Flatness.of(curve(i -> 300 * MB + i * MB / 2 + noise.applyAsLong(i)));
    assertFalse(leak.flat(), leak.toString());
    assertEquals(0.5, leak.slopeMbPerImage(), 0.1);
    // A jump of 60 MB after 200 images, flat on either side.
    Flatness step = Flatness.of(curve(i -> 300 * MB + (i > 200 ? 60 * MB : 0)));
    assertFalse(step.flat(), step.toString());
    assertEquals(60, step.riseMb(), 1);
  }

  private static List<Long> curve(IntToLongFunction bytes) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      samples.add(bytes.applyAsLong(i));
    }
    return samples;
  }
}
