package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureMosaicTest {
  private static final int MAGENTA = 0xFFFF00FF;

  private static Tensor random(long seed, int... shape) {
    Random rnd = new Random(seed);
    float[] d = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rnd.nextGaussian();
    }
    return Tensor.of(d, shape);
  }

  private static MosaicOptions gray() {
    return MosaicOptions.defaults().withColormap(Colormap.GRAY);
  }

  @ParameterizedTest
  @CsvSource({
      // channels, shown, columns, rows
      "1, 1, 1, 1",
      "3, 3, 2, 2",
      "10, 10, 4, 3",
      "32, 32, 8, 4",
      "64, 64, 8, 8",
      "2048, 64, 8, 8"})
  void anyChannelCountLaysOutInANearSquareGrid(int channels, int shown, int columns, int rows) {
    Mosaic m = FeatureMosaic.render(random(channels, 8, 8, channels), MosaicOptions.defaults());
    assertEquals(shown, m.tiles().size());
    assertEquals(columns, m.columns());
    assertEquals(rows, m.rows());
    assertEquals(8, m.scale()); // 8 px maps enlarged to 64
    assertEquals(columns * 64 + (columns - 1) * 2, m.raster().width());
    assertEquals(rows * 64 + (rows - 1) * 2, m.raster().height());
    for (int k = 0; k < shown; k++) {
      int x = (k % columns) * 66 + 63;
      int y = (k / columns) * 66;
      assertEquals(k, m.tileAt(x, y).orElseThrow().channel(), "tile " + k);
      assertEquals(new Rect(x - 63, y, 64, 64), m.tileAt(x, y).orElseThrow().bounds());
    }
    if (columns > 1) {
      assertTrue(m.tileAt(64, 0).isEmpty(), "gap");
    }
    assertTrue(m.tileAt(-1, 0).isEmpty());
    assertTrue(m.tileAt(m.raster().width(), 0).isEmpty());
  }

  @Test
  void channelSelectionSaysWhichChannelsAreShown() {
    Tensor t = random(256, 4, 4, 256);
    assertEquals("first 64 of 256", FeatureMosaic.render(t, MosaicOptions.defaults()).channelSelection());
    assertEquals("all 3", FeatureMosaic.render(random(3, 4, 4, 3), MosaicOptions.defaults()).channelSelection());
    assertEquals("16 most active by peak, of 256", FeatureMosaic.render(t,
        MosaicOptions.defaults().withMaps(16).withOrder(ChannelOrder.MAX)).channelSelection());
  }

  @Test
  void emptySlotsStayBackground() {
    Mosaic m = FeatureMosaic.render(random(3, 8, 8, 3), MosaicOptions.defaults());
    assertTrue(m.tileAt(100, 100).isEmpty()); // the fourth slot of a 2 x 2 grid
    assertEquals(FeatureMosaic.BACKGROUND, m.raster().get(100, 100));
  }

  @Test
  void batchDimensionOfOneIsDroppedOtherRanksRejected() {
    Tensor t = random(1, 1, 4, 4, 2);
    Mosaic withBatch = FeatureMosaic.render(t, MosaicOptions.defaults());
    Mosaic without = FeatureMosaic.render(t.reshape(4, 4, 2), MosaicOptions.defaults());
    assertEquals(without.raster(), withBatch.raster());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureMosaic.render(Tensor.zeros(10, 3), MosaicOptions.defaults()));
    assertTrue(e.getMessage().contains("(10, 3)"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> FeatureMosaic.render(Tensor.zeros(2, 4, 4, 2), MosaicOptions.defaults()));
    assertThrows(IllegalArgumentException.class, () -> MosaicOptions.defaults().withMaps(0));
  }

  @Test
  void smallMapsAreEnlargedToAtLeast64Px() {
    Mosaic m = FeatureMosaic.render(random(7, 7, 7, 2048), MosaicOptions.defaults());
    assertEquals(10, m.scale());
    assertEquals(70, m.tiles().get(0).bounds().width());
    Tensor one = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 4, 4, 1);
    Mosaic small = FeatureMosaic.render(one, gray());
    assertEquals(16, small.scale());
    // value 5 at (x 1, y 1) covers pixels 16..31 in both directions, nearest-neighbour
    int v5 = Colormap.GRAY.argb(5 / 15.0);
    assertEquals(v5, small.raster().get(16, 16));
    assertEquals(v5, small.raster().get(31, 31));
    assertFalse(v5 == small.raster().get(32, 31));
    Mosaic big = FeatureMosaic.render(random(3, 112, 112, 2), MosaicOptions.defaults());
    assertEquals(1, big.scale());
  }

  @Test
  void constantNonZeroChannelIsMidLevel() {
    float[] d = {5, 5, 5, 5};
    Mosaic m = FeatureMosaic.render(Tensor.of(d, 2, 2, 1), MosaicOptions.defaults());
    assertEquals(0, m.deadChannels());
    int mid = Colormap.VIRIDIS.argb(0.5);
    for (int p : m.raster().pixels()) {
      assertEquals(mid, p);
    }
  }

  @Test
  void allNegativeMapUsesItsOwnRange() {
    Tensor t = Tensor.of(new float[] {-3, -2, -1}, 1, 3, 1);
    Raster r = FeatureMosaic.render(t, gray()).raster();
    assertEquals(0xFF000000, r.get(0, 0));
    assertEquals(0xFF808080, r.get(64, 0));
    assertEquals(0xFFFFFFFF, r.get(191, 63));
    // diverging scales around zero: everything is on the blue side, -3 is the darkest blue
    Raster d = FeatureMosaic.render(t, MosaicOptions.defaults().withColormap(Colormap.DIVERGING)).raster();
    assertEquals(Colormap.DIVERGING.argb(0), d.get(0, 0));
    assertEquals(Colormap.DIVERGING.argb(1 / 3.0), d.get(128, 0));
    for (int p : d.pixels()) {
      assertTrue((p & 0xFF) > (p >> 16 & 0xFF), "blue side");
    }
  }

  @Test
  void nanAndInfinityAreFlaggedAndCounted() {
    Tensor t = Tensor.of(new float[] {0, 1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f},
        2, 3, 1);
    for (MapNormalization n : MapNormalization.values()) {
      Mosaic m = FeatureMosaic.render(t, MosaicOptions.defaults().withNormalization(n));
      assertEquals(3, m.nonFiniteValues(), n.name());
      Raster r = m.raster();
      int s = m.scale();
      assertEquals(MAGENTA, r.get(2 * s, 0));
      assertEquals(MAGENTA, r.get(0, s));
      assertEquals(MAGENTA, r.get(s, s));
      assertEquals(0xFFFDE725, r.get(s, 0), n.name()); // 1 is the finite max
      assertEquals(0xFF440154, r.get(0, 0), n.name());
    }
  }

  @Test
  void deadChannelIsHatchedAndCounted() {
    // [1, 4, 3]: channel 0 all zero, channel 1 = 1..4, channel 2 all zero
    float[] d = {0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0};
    Mosaic m = FeatureMosaic.render(Tensor.of(d, 1, 4, 3), MosaicOptions.defaults().withMaps(2));
    assertEquals(1, m.deadChannels());
    assertEquals(2, m.deadChannelsInLayer());
    assertTrue(m.tiles().get(0).dead());
    assertFalse(m.tiles().get(1).dead());
    Set<Integer> deadColours = colours(m.raster(), m.tiles().get(0).bounds());
    assertEquals(Set.of(FeatureMosaic.DEAD_BASE, FeatureMosaic.DEAD_STRIPE), deadColours);
    Set<Integer> liveColours = colours(m.raster(), m.tiles().get(1).bounds());
    assertFalse(liveColours.contains(FeatureMosaic.DEAD_BASE));
    assertFalse(liveColours.contains(FeatureMosaic.DEAD_STRIPE));
    assertEquals(4, liveColours.size());
  }

  private static Set<Integer> colours(Raster r, Rect b) {
    Set<Integer> out = new HashSet<>();
    for (int y = b.y(); y < b.y() + b.height(); y++) {
      for (int x = b.x(); x < b.x() + b.width(); x++) {
        out.add(r.get(x, y));
      }
    }
    return out;
  }

  @Test
  void meanAndMaxPickTheMostActiveChannels() {
    // two pixels, four channels: means 1, 5, 3, 0; maxima 1, 5, 4, 100
    float[] d = {1, 5, 2, -100, 1, 5, 4, 100};
    Tensor t = Tensor.of(d, 1, 2, 4);
    assertArrayEquals(new int[] {1, 2}, channels(FeatureMosaic.render(t,
        MosaicOptions.defaults().withMaps(2).withOrder(ChannelOrder.MEAN))));
    assertArrayEquals(new int[] {3, 1}, channels(FeatureMosaic.render(t,
        MosaicOptions.defaults().withMaps(2).withOrder(ChannelOrder.MAX))));
    assertArrayEquals(new int[] {0, 1}, channels(FeatureMosaic.render(t,
        MosaicOptions.defaults().withMaps(2).withOrder(ChannelOrder.INDEX))));
    assertArrayEquals(new int[] {1, 2, 0, 3}, channels(FeatureMosaic.render(t,
        MosaicOptions.defaults().withOrder(ChannelOrder.MEAN))));
  }

  private static int[] channels(Mosaic m) {
    return m.tiles().stream().mapToInt(Mosaic.Tile::channel).toArray();
  }

  @Test
  void percentileClipsOutliersThatWashOutLayerScaling() {
    // 0..99 and one outlier of 1e6: 1st/99th percentiles are 1 and 99
    float[] d = new float[101];
    for (int i = 0; i < 100; i++) {
      d[i] = i;
    }
    d[100] = 1e6f;
    Tensor t = Tensor.of(d, 1, 101, 1);
    Mosaic p = FeatureMosaic.render(t, gray().withNormalization(MapNormalization.PERCENTILE));
    int s = p.scale();
    assertEquals(new ValueRange(1, 99), p.tiles().get(0).range());
    assertEquals(0xFF808080, p.raster().get(50 * s, 0)); // (50 - 1) / 98 = 0.5
    assertEquals(0xFFFFFFFF, p.raster().get(100 * s, 0)); // the outlier, clipped
    assertEquals(0xFF000000, p.raster().get(0, 0)); // below the 1st percentile, clipped
    Mosaic l = FeatureMosaic.render(t, gray().withNormalization(MapNormalization.LAYER));
    assertEquals(0xFF000000, l.raster().get(50 * s, 0)); // washed out to black
  }

  @Test
  void layerNormalisationSharesOneRange() {
    // channel 0 spans 0..1, channel 1 spans 0..4: with LAYER, channel 0's max is only a quarter bright
    float[] d = {0, 0, 1, 4};
    Tensor t = Tensor.of(d, 1, 2, 2);
    Mosaic m = FeatureMosaic.render(t, gray().withNormalization(MapNormalization.LAYER));
    assertEquals(Colormap.GRAY.argb(0.25), m.raster().get(m.scale(), 0));
    Mosaic c = FeatureMosaic.render(t, gray());
    assertEquals(0xFFFFFFFF, c.raster().get(c.scale(), 0));
  }
}
