package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NearestNeighbourTest {
  private static final int RED = 0xFFFF0000;
  private static final int GREEN = 0xFF00FF00;
  private static final int BLUE = 0xFF0000FF;
  private static final int WHITE = 0xFFFFFFFF;

  @Test
  void oneRedPixelBecomesAllRed() {
    Raster big = NearestNeighbour.resize(Raster.wrap(1, 1, new int[] {RED}), 200, 200);
    assertEquals(200, big.width());
    assertEquals(200, big.height());
    for (int p : big.pixels()) {
      assertEquals(RED, p);
    }
  }

  @Test
  void twoByTwoBecomesFourSolidQuadrantsWithNothingWrapped() {
    Raster src = Raster.wrap(2, 2, new int[] {RED, GREEN, BLUE, WHITE});
    Raster big = NearestNeighbour.resize(src, 6, 4);
    int[] expected = {
        RED, RED, RED, GREEN, GREEN, GREEN,
        RED, RED, RED, GREEN, GREEN, GREEN,
        BLUE, BLUE, BLUE, WHITE, WHITE, WHITE,
        BLUE, BLUE, BLUE, WHITE, WHITE, WHITE};
    assertArrayEquals(expected, big.pixels());
  }

  @Test
  void unevenFactorsSpreadTheSourcePixelsInOrder() {
    Raster src = Raster.wrap(3, 1, new int[] {RED, GREEN, BLUE});
    assertArrayEquals(new int[] {RED, RED, GREEN, GREEN, GREEN, BLUE, BLUE},
        rowOf(NearestNeighbour.resize(src, 7, 1)));
    assertArrayEquals(new int[] {RED, GREEN, BLUE}, rowOf(NearestNeighbour.resize(src, 3, 1)));
  }

  @Test
  void fitSizeKeepsTheAspectRatioInsideTheBox() {
    assertArrayEquals(new int[] {200, 200}, NearestNeighbour.fitSize(1, 1, 220, 200));
    assertArrayEquals(new int[] {220, 147}, NearestNeighbour.fitSize(3, 2, 220, 200));
    assertArrayEquals(new int[] {20, 200}, NearestNeighbour.fitSize(1, 10, 220, 200));
    assertArrayEquals(new int[] {220, 1}, NearestNeighbour.fitSize(1000, 1, 220, 200));
  }

  @Test
  void emptySizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> NearestNeighbour.resize(new Raster(1, 1), 0, 5));
  }

  private static int[] rowOf(Raster r) {
    int[] row = new int[r.width()];
    System.arraycopy(r.pixels(), 0, row, 0, r.width());
    return row;
  }
}
