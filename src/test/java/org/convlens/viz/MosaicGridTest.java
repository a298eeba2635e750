package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MosaicGridTest {
  @ParameterizedTest
  @CsvSource({
      // tiles, columns, rows
      "0, 0, 0",
      "1, 1, 1",
      "2, 2, 1",
      "3, 2, 2", // 3 x 1 would be three times as wide as tall
      "7, 4, 2",
      "10, 4, 3", // 5 x 2 fits exactly but is 2.5 times as wide
      "16, 4, 4",
      "24, 6, 4",
      "32, 8, 4", // not 6 x 6 with four empty cells
      "48, 8, 6",
      "64, 8, 8", // perfect squares stay square
      "128, 16, 8",
      "256, 16, 16"})
  void picksTheGridWithFewestEmptyCellsThenTheSquarest(int tiles, int columns, int rows) {
    assertEquals(new MosaicGrid(columns, rows), MosaicGrid.forTiles(tiles));
  }

  @Test
  void everyCountFitsWithLessThanARowEmptyAndAtMostTwiceAsWideAsTall() {
    for (int n = 1; n <= 300; n++) {
      MosaicGrid g = MosaicGrid.forTiles(n);
      assertTrue(g.columns() * g.rows() >= n, n + " tiles fit");
      assertTrue(g.empty(n) < g.columns(), n + ": no empty row");
      assertTrue(g.columns() >= g.rows() && g.columns() <= 2 * g.rows() || n <= 2, n + ": " + g);
      int square = (int) Math.ceil(Math.sqrt(n));
      assertTrue(g.empty(n) <= square * ((n + square - 1) / square) - n, n + ": never worse than the square grid");
    }
  }

  @Test
  void negativeCountsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> MosaicGrid.forTiles(-1));
  }
}
