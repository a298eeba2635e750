package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convlens.model.ModelSummary;
import org.junit.jupiter.api.Test;

/** The Model tab's tree, from made-up rows: pure functions, no window. */
class LayerTreeTest {
  private static ModelSummary.Row row(String name, long params) {
    return new ModelSummary.Row(name, "Conv2D", new int[] {2, 2, 1}, params, List.of());
  }

  @Test
  void everyLevelOfNestingGetsItsRowWithItsLayersParameters() {
    List<LayerTree.Entry> tree = LayerTree.of(List.of(row("input", 0), row("a/b/c", 3), row("a/d", 4),
        row("head", 5)));
    assertEquals(List.of("input", "a", "a/b", "a/b/c", "a/d", "head"),
        tree.stream().map(e -> e.row().layer()).toList());
    assertEquals(List.of(0, 0, 1, 2, 1, 0), tree.stream().map(LayerTree.Entry::depth).toList());
    assertEquals(List.of(false, true, true, false, false, false), tree.stream().map(LayerTree.Entry::group).toList());
    assertEquals(7, tree.get(1).row().params());
    assertEquals(3, tree.get(2).row().params());
    assertEquals("c", tree.get(3).shortName());
  }

  @Test
  void aLayerWhoseOwnNameHasASlashIsNoGroupOfItself() {
    List<LayerTree.Entry> tree = LayerTree.of(List.of(row("block", 1), row("block/conv", 2)));
    assertEquals(List.of(false, false), tree.stream().map(LayerTree.Entry::group).toList());
  }

  @Test
  void theFilterKeepsTheNestedModelsThatHoldAMatch() {
    List<LayerTree.Entry> tree = LayerTree.of(List.of(row("input", 0), row("a/b/c", 3), row("a/d", 4)));
    assertEquals(List.of("a", "a/b", "a/b/c"),
        LayerTree.filter(tree, r -> r.layer().endsWith("c")).stream().map(e -> e.row().layer()).toList());
    assertEquals(List.of(), LayerTree.filter(tree, r -> false));
  }
}
