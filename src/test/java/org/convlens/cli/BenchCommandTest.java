package org.convlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/** {@code convlens bench} as CI runs it: every step once or twice, without PyTorch, ending in one JSON line. */
class BenchCommandTest {
  static final List<String> KEYS = List.of("forward_ms", "torch_ms", "torch_best_ms", "ratio_vs_torch",
      "on_demand_first_ms", "first_build_ms", "cached_start_ms", "open_image_ms", "mosaics_ms",
      "batch_images_per_s", "torch_batch_images_per_s", "peak_rss_mb", "soak_growth_mb");

  @Test
  void smokeRunWithoutPyTorchEndsWithEveryKeyAsJson() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new String[] {"bench", "--smoke", "--python", "/nonexistent/python3"}, new PrintWriter(out),
        new PrintWriter(err), TestModels.dirs(), new WeightsLocator(List.of(TestModels.newFolder("no-weights"))));
    assertEquals(0, code, err.toString());
    List<String> lines = out.toString().strip().lines().toList();
    JsonObject json = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    for (String key : KEYS) {
      assertTrue(json.has(key), key + " missing from " + json);
    }
    assertTrue(json.get("forward_ms").getAsDouble() > 0, json.toString());
    assertTrue(json.get("first_build_ms").getAsDouble() > 0, json.toString());
    assertTrue(json.getAsJsonObject("batch_images_per_s").get("2").getAsDouble() > 0, json.toString());
    if (System.getProperty("os.name").startsWith("Linux")) { // the soak's split needs /proc/self/status
      for (String key : List.of("soak_growth_mb", "soak_heap_growth_mb", "soak_outside_heap_mb")) {
        assertTrue(json.get(key).isJsonPrimitive(), key + " measured: " + json);
      }
      assertTrue(json.get("soak_heap_committed_mb").getAsDouble() > 0, json.toString());
    }
    for (String key : List.of("torch_ms", "torch_best_ms", "ratio_vs_torch", "torch_batch_images_per_s")) {
      assertTrue(json.get(key).isJsonNull(), key + " should be null when skipped: " + json);
    }
    assertTrue(out.toString().contains("PyTorch comparison skipped") && out.toString().contains("/nonexistent/python3"),
        out.toString());
    assertTrue(out.toString().contains("NOT ImageNet's"), "untrained weights are said so: " + out);
    assertTrue(lines.get(0).startsWith("engine start"), "the table comes first: " + lines.get(0));
  }
}
