package org.convlens.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.convlens.files.AtomicFiles;
import org.convlens.model.Prediction;

/**
 * The top predictions for one image as pretty JSON, with what produced them (image, weights, whether the
 * network was untrained), so a results folder can be compared or scripted against later.
 */
public final class PredictionsJson {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  private PredictionsJson() {}

  /** The JSON text; a non-finite probability is written as {@code null}, since JSON has no NaN. */
  public static String toJson(List<Prediction> predictions, RunInfo run) {
    JsonObject root = new JsonObject();
    root.addProperty("model", run.model());
    root.addProperty("image", run.imageFile());
    root.addProperty("weights", run.weights());
    root.addProperty("untrained", run.untrained());
    root.addProperty("preprocessing", run.preprocessing().isEmpty() ? null : run.preprocessing());
    JsonArray list = new JsonArray();
    int rank = 1;
    for (Prediction p : predictions) {
      JsonObject o = new JsonObject();
      o.addProperty("rank", rank++);
      o.addProperty("classIndex", p.classIndex());
      // A head that is not ImageNet's 1000 classes has no names: "label" is null, "classIndex" is the unit and
      // its raw "output" need not be a probability.
      o.addProperty("label", p.label());
      o.add(p.label() == null ? "output" : "probability",
          Float.isFinite(p.probability()) ? new JsonPrimitive(p.probability()) : JsonNull.INSTANCE);
      list.add(o);
    }
    root.add("predictions", list);
    return GSON.toJson(root) + "\n";
  }

  /** Writes {@link #toJson} to {@code file} atomically, UTF-8. */
  public static void write(Path file, List<Prediction> predictions, RunInfo run) throws IOException {
    AtomicFiles.write(file, toJson(predictions, run).getBytes(StandardCharsets.UTF_8));
  }
}
