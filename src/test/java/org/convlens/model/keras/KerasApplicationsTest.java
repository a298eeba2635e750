package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.junit.jupiter.api.Test;

/**
 * ConvNeXtTiny as Keras 3.15 writes it ({@code model.to_json()}; {@code src/test/resources/keras-apps/}): raw
 * {@code keras.ops} additions between its layers, nested Sequential stems and downsampling blocks, the custom
 * {@code LayerScale}. Every row of Keras's own {@code model.summary()} is in our graph with the same output shape
 * and parameter count (a nested model's rows under its path), and the totals are Keras's.
 */
class KerasApplicationsTest {
  private static final Path DIR = Path.of("src", "test", "resources", "keras-apps");

  @Test
  void convNeXtMatchesKerasSummaryRowByRow() throws Exception {
    LayerGraph g = KerasArchitecture.parse(DIR.resolve("ConvNeXtTiny.config.json"),
        Files.readString(DIR.resolve("ConvNeXtTiny.config.json")), "3.15.1");
    JsonObject keras = JsonParser.parseString(Files.readString(DIR.resolve("ConvNeXtTiny.summary.json")))
        .getAsJsonObject();
    ModelSummary ours = ModelSummary.of(g);
    assertEquals(keras.get("total_params").getAsLong(), ours.totalParams());
    assertEquals(keras.get("trainable_params").getAsLong(), ours.trainableParams());
    JsonObject nested = keras.getAsJsonObject("nested");
    int rows = 0;
    for (JsonElement e : keras.getAsJsonArray("layers")) {
      JsonArray row = e.getAsJsonArray();
      String name = row.get(0).getAsString();
      if (nested.has(name)) {
        for (JsonElement inner : nested.getAsJsonArray(name)) {
          check(g, name + "/", inner.getAsJsonArray());
          rows++;
        }
      } else {
        check(g, "", row);
        rows++;
      }
    }
    assertEquals(rows, g.layers().size());
    assertEquals("Add", g.layer("add").type(), "the x + y operation shows as a layer");
    assertTrue(g.contains("convnext_tiny_stem/convnext_tiny_stem_conv"));
  }

  private static void check(LayerGraph g, String prefix, JsonArray row) {
    String name = prefix + row.get(0).getAsString();
    assertTrue(g.contains(name), name);
    JsonArray shape = row.get(2).getAsJsonArray();
    int[] expected = new int[shape.size() - 1];
    for (int i = 1; i < shape.size(); i++) {
      expected[i - 1] = shape.get(i).getAsInt();
    }
    assertArrayEquals(expected, g.outputShape(name), name);
    long params = g.weightSpecs(name).stream().mapToLong(org.convlens.model.WeightSpec::size).sum();
    assertEquals(row.get(3).getAsLong(), params, name);
  }
}
