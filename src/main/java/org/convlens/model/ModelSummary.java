package org.convlens.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * The table Keras's {@code model.summary()} prints: one row per layer with its type, output shape, parameter
 * count and inbound layers, plus totals. Non-trainable parameters are the weights a layer kind never trains
 * (batch-norm moving statistics); a layer frozen in the file ({@code trainable: false}) is not yet read as such,
 * so its weights count as trainable here while Keras counts them as non-trainable (the totals agree).
 */
public record ModelSummary(String modelName, List<Row> rows, long totalParams, long trainableParams,
    List<String> notes) {

  /** One layer of the table. */
  public record Row(String layer, String type, int[] outputShape, long params, List<String> inbound) {
    /**
     * Output shape as Keras prints it, with the batch dimension as {@code None}, and so any size left open (-1, a
     * TensorFlow SavedModel's).
     */
    public String formattedShape() {
      String s = Tensor.formatShape(outputShape).replaceAll("(?<![0-9])-1(?![0-9])", "None");
      return "(None" + (outputShape.length == 0 ? ")" : ", " + s.substring(1).replace(",)", ")"));
    }
  }

  /** A count the model does not tell (a SavedModel's trainable parameters). */
  public static final long UNKNOWN = -1;

  /**
   * As {@link #of(LayerGraph)}; for a TensorFlow SavedModel's network its variables' total, with the trainable part
   * {@link #UNKNOWN} (a SavedModel does not say), and the total unknown too when the variables' shapes are open.
   */
  public static ModelSummary of(Network network) {
    ModelSummary summary = of(network.graph());
    return network.signature().map(s -> new ModelSummary(summary.modelName(), summary.rows(),
        s.parameters() < 0 ? UNKNOWN : s.parameters(), UNKNOWN, summary.notes())).orElse(summary);
  }

  /** A count as people read it: {@code 1,234}, or {@code unknown}. */
  public static String format(long count) {
    return count < 0 ? "unknown" : String.format("%,d", count);
  }

  public static ModelSummary of(LayerGraph graph) {
    List<Row> rows = new ArrayList<>();
    long total = 0;
    long trainable = 0;
    for (Layer layer : graph.layers()) {
      long params = 0;
      // A shared layer's later calls reuse its weights: Keras counts them once.
      boolean owner = LayerGraph.weightsOwner(layer.name()).equals(layer.name());
      for (WeightSpec spec : owner ? graph.weightSpecs(layer.name()) : List.<WeightSpec>of()) {
        params += spec.size();
        trainable += spec.trainable() && graph.trainable(layer.name()) ? spec.size() : 0;
      }
      total += params;
      rows.add(new Row(layer.name(), layer.type(), graph.outputShape(layer.name()), params, layer.inbound()));
    }
    return new ModelSummary(graph.name(), List.copyOf(rows), total, trainable, graph.notes());
  }

  public long nonTrainableParams() {
    return totalParams < 0 || trainableParams < 0 ? UNKNOWN : totalParams - trainableParams;
  }

  /**
   * The table as JSON: {@code model}, {@code total_params}, {@code trainable_params}, {@code non_trainable_params},
   * {@code notes} and {@code layers}, each with {@code name} (a nested layer by its path), {@code class_name},
   * {@code output_shape} (the batch dimension and any open size as {@code null}, as Keras gives them),
   * {@code params} and {@code inbound}.
   */
  public JsonObject toJson() {
    JsonObject root = new JsonObject();
    root.addProperty("model", modelName);
    root.addProperty("total_params", totalParams < 0 ? null : totalParams);
    root.addProperty("trainable_params", trainableParams < 0 ? null : trainableParams);
    root.addProperty("non_trainable_params", nonTrainableParams() < 0 ? null : nonTrainableParams());
    JsonArray noteList = new JsonArray();
    notes.forEach(noteList::add);
    root.add("notes", noteList);
    JsonArray layers = new JsonArray();
    for (Row row : rows) {
      JsonObject layer = new JsonObject();
      layer.addProperty("name", row.layer());
      layer.addProperty("class_name", row.type());
      JsonArray shape = new JsonArray();
      shape.add(JsonNull.INSTANCE);
      for (int d : row.outputShape()) {
        if (d < 0) {
          shape.add(JsonNull.INSTANCE); // a size left open, as Keras gives it
        } else {
          shape.add(d);
        }
      }
      layer.add("output_shape", shape);
      layer.addProperty("params", row.params());
      JsonArray inbound = new JsonArray();
      row.inbound().forEach(inbound::add);
      layer.add("inbound", inbound);
      layers.add(layer);
    }
    root.add("layers", layers);
    return root;
  }

  /** The table as text, in the spirit of Keras's own output; long nested paths widen the first column. */
  public String toText() {
    int nameWidth = Math.max(28, rows.stream().mapToInt(r -> r.layer().length() + 1).max().orElse(0));
    String format = "%-" + nameWidth + "s %-24s %-22s %,12d  %s%n";
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(modelName).append("\"\n");
    notes.forEach(note -> sb.append("Note: ").append(note).append('\n'));
    String rule = "-".repeat(92 + nameWidth) + "\n";
    sb.append(rule);
    sb.append(String.format("%-" + nameWidth + "s %-24s %-22s %12s  %s%n", "Layer", "Type", "Output shape", "Params",
        "Connected to"));
    sb.append(rule.replace('-', '='));
    for (Row row : rows) {
      sb.append(String.format(format, row.layer(), row.type(), row.formattedShape(), row.params(),
          String.join(", ", row.inbound())));
    }
    sb.append(rule.replace('-', '='));
    sb.append("Total params: ").append(format(totalParams)).append('\n');
    sb.append("Trainable params: ").append(format(trainableParams)).append('\n');
    sb.append("Non-trainable params: ").append(format(nonTrainableParams())).append('\n');
    return sb.toString();
  }
}
