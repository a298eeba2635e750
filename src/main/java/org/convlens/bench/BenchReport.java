package org.convlens.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: a table for people (rows of what and how much), then one JSON line for programs. */
public final class BenchReport {
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final JsonObject json = new JsonObject();

  /** A row of the table only. */
  void row(String what, String figure) {
    rows.add(new String[] {what, figure});
  }

  /** A line under the table (what was skipped, what the weights are). */
  void note(String line) {
    notes.add(line);
  }

  /** A value of the JSON line only; null is written as null. */
  void json(String key, Object value) {
    json.add(key, element(value));
  }

  /** A figure in milliseconds, in the table and the JSON line (null: not measured). */
  void millis(String key, String what, Double ms) {
    row(what, ms == null ? "-" : String.format(Locale.ROOT, "%.1f ms", ms));
    json(key, ms == null ? null : round(ms));
  }

  /** Images per second by batch size, in the JSON line as {@code {"1": .., "4": ..}}. */
  void perBatch(String key, Map<Integer, Double> imagesPerSecond) {
    if (imagesPerSecond == null) {
      json.add(key, JsonNull.INSTANCE);
      return;
    }
    JsonObject byBatch = new JsonObject();
    imagesPerSecond.forEach((batch, rate) -> byBatch.addProperty(Integer.toString(batch), round(rate)));
    json.add(key, byBatch);
  }

  /** The value recorded under {@code key}, for tests and callers. */
  public JsonElement get(String key) {
    return json.get(key);
  }

  /** The table, the notes, and as the last line the JSON object. */
  public String render() {
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row[0], row[1]));
    }
    for (String note : notes) {
      sb.append(note).append(System.lineSeparator());
    }
    sb.append(new GsonBuilder().serializeNulls().create().toJson(json)).append(System.lineSeparator());
    return sb.toString();
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static JsonElement element(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    } else if (value instanceof Number n) {
      return new JsonPrimitive(n);
    } else if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    } else if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(element(v)));
      return array;
    }
    return new JsonPrimitive(value.toString());
  }
}
