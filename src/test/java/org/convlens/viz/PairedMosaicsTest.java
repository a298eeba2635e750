package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PairedMosaicsTest {
  /** Two 8x8 maps of 3 channels; channel k of sample s holds {@code s * k + x}. */
  private static Tensor maps(float s) {
    float[] d = new float[8 * 8 * 3];
    for (int i = 0; i < 64; i++) {
      for (int k = 0; k < 3; k++) {
        d[i * 3 + k] = s * k + i % 8;
      }
    }
    return Tensor.of(d, 8, 8, 3);
  }

  @Test
  void equalValuesGetEqualColoursInBothMosaicsUnderEveryNormalisation() {
    Tensor a = maps(1);
    Tensor b = maps(3); // channel 0 equal, channels 1 and 2 larger in b
    for (MapNormalization n : MapNormalization.values()) {
      MosaicOptions o = MosaicOptions.defaults().withNormalization(n).withOrder(ChannelOrder.INDEX);
      PairedMosaics.Paired p = PairedMosaics.render(a, b, o);
      assertArrayEquals(new int[] {0, 1, 2}, p.channels());
      assertEquals(p.first().width(), p.second().width());
      // Channel 0 is the same in both, and one range covers both: its tile is drawn identically.
      int tile = 8 * 8; // 8x8 maps are enlarged 8x to the 64-pixel minimum tile
      for (int y = 0; y < tile; y++) {
        for (int x = 0; x < tile; x++) {
          assertEquals(p.first().get(x, y), p.second().get(x, y), n + " at " + x + "," + y);
        }
      }
      // Channel 1 differs (b is larger): the second is drawn brighter somewhere, not stretched to look the same.
      assertNotEquals(p.first().copy(new Rect(tile + 2, 0, tile, tile)),
          p.second().copy(new Rect(tile + 2, 0, tile, tile)), n.toString());
    }
  }

  @Test
  void theDifferenceOfEqualMapsIsTheNeutralColourAndTheChannelsFollowTheFirst() {
    Tensor a = maps(1);
    PairedMosaics.Paired p = PairedMosaics.render(a, a, MosaicOptions.defaults().withOrder(ChannelOrder.MEAN));
    assertArrayEquals(new int[] {2, 1, 0}, p.channels(), "most active first, by the first image");
    assertEquals(p.first(), p.second());
    int neutral = PairedMosaics.DIFFERENCE_COLORMAP.argb(0.5);
    assertEquals(neutral, p.difference().get(10, 10));
    assertEquals(neutral, p.difference().get(70, 10));
  }

  @Test
  void shapesThatDifferAreRefusedInWords() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairedMosaics.render(maps(1), Tensor.of(new float[4 * 4 * 3], 4, 4, 3), MosaicOptions.defaults()));
    assertEquals("cannot compare activations of shapes (8, 8, 3) and (4, 4, 3)", e.getMessage());
  }
}
