package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.convlens.model.ModelSummary;

/**
 * The Model tab's rows as a tree: a nested model's layers (named by path, {@code outer/inner}) come under a row
 * of their own for the nested model, one level deeper per {@code /}. Pure functions, so the view only displays.
 */
public final class LayerTree {
  /** What a nested model's row says in the Type column. */
  static final String NESTED_MODEL = "Model";

  private LayerTree() {}

  /**
   * One row of the tree.
   *
   * @param row the layer, or for a nested model a row with its path, its layers' parameter total and no shape
   * @param depth how many nested models hold it (0 for the model's own layers)
   * @param group whether this row stands for a nested model rather than a layer
   */
  public record Entry(ModelSummary.Row row, int depth, boolean group) {
    /** The last part of the path: what the indented Layer column shows. */
    public String shortName() {
      String name = row.layer();
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }

  /** The layers in order, each nested model's row just before its first layer. */
  public static List<Entry> of(List<ModelSummary.Row> rows) {
    Set<String> layerNames = new HashSet<>();
    rows.forEach(r -> layerNames.add(r.layer()));
    Map<String, Long> params = new LinkedHashMap<>();
    for (ModelSummary.Row r : rows) {
      for (String parent : parents(r.layer())) {
        params.merge(parent, r.params(), Long::sum);
      }
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> emitted = new HashSet<>();
    for (ModelSummary.Row r : rows) {
      List<String> parents = parents(r.layer());
      for (int i = 0; i < parents.size(); i++) {
        String parent = parents.get(i);
        // A name with a slash that is a layer of its own (not a nested model) is no group.
        if (!layerNames.contains(parent) && emitted.add(parent)) {
          entries.add(new Entry(new ModelSummary.Row(parent, NESTED_MODEL, new int[0], params.get(parent),
              List.of()), i, true));
        }
      }
      entries.add(new Entry(r, parents.size(), false));
    }
    return List.copyOf(entries);
  }

  /**
   * The layers {@code matches} keeps, with the rows of the nested models that hold them, so a match deep inside
   * still shows where it sits.
   */
  public static List<Entry> filter(List<Entry> tree, Predicate<ModelSummary.Row> matches) {
    Set<String> keep = new HashSet<>();
    for (Entry e : tree) {
      if (!e.group() && matches.test(e.row())) {
        keep.add(e.row().layer());
        keep.addAll(parents(e.row().layer()));
      }
    }
    return tree.stream().filter(e -> keep.contains(e.row().layer())).toList();
  }

  /** {@code a/b/c} gives {@code a}, {@code a/b}. */
  static List<String> parents(String path) {
    List<String> parents = new ArrayList<>();
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      parents.add(path.substring(0, slash));
    }
    return parents;
  }
}
