package org.convlens.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What produced an exported view: the model, the weights, the input image and whether the weights were
 * random. It becomes the PNG text chunks, the context of {@code predictions.json} and the contact sheet title.
 *
 * @param weights a description of the weights, e.g. the file name or "random (untrained)"
 * @param imageFile the input image's file name
 */
public record RunInfo(String model, String weights, String imageFile, boolean untrained) {
  public RunInfo {
    model = model == null ? "" : model;
    weights = weights == null ? "" : weights;
    imageFile = imageFile == null ? "" : imageFile;
  }

  /** The provenance text every exported PNG carries, in order. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Software", "ConvLens");
    m.put("Model", model);
    // Say "untrained" once, whether or not the description already does.
    boolean said = weights.toLowerCase(java.util.Locale.ROOT).contains("untrained");
    m.put("Weights", untrained && !said ? weights + " (untrained)" : weights);
    m.put("Source image", imageFile);
    return m;
  }
}
