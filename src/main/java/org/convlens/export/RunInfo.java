package org.convlens.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.convlens.Versions;
import org.convlens.model.WeightsOrigin;

/**
 * What produced an exported view: the model, the weights, the input image and whether the weights were
 * random. It becomes the PNG text chunks, the context of {@code predictions.json} and the contact sheet's header.
 *
 * @param weights a description of the weights, e.g. the file name or "random (untrained)"
 * @param imageFile the input image's file name
 * @param preprocessing how the image was scaled for the model ({@code tf}, {@code caffe}, ...); empty when
 *     unknown or when no image was involved
 */
public record RunInfo(String model, String weights, String imageFile, boolean untrained, String preprocessing) {
  /** Read once: every exported PNG carries it. */
  private static final String SOFTWARE = "ConvLens " + Versions.load().app();

  public RunInfo {
    model = model == null ? "" : model;
    weights = weights == null ? "" : weights;
    imageFile = imageFile == null ? "" : imageFile;
    preprocessing = preprocessing == null ? "" : preprocessing;
  }

  /** Without a preprocessing mode (views that do not depend on an image). */
  public RunInfo(String model, String weights, String imageFile, boolean untrained) {
    this(model, weights, imageFile, untrained, "");
  }

  /**
   * The provenance of one analysis: the model's name, the weights it ran with (null: unknown) and the image
   * (null for views that do not depend on one, such as the filters).
   */
  public static RunInfo of(String model, WeightsOrigin weights, Path image) {
    return of(model, weights, image, "");
  }

  /** As above, with the preprocessing mode the image was given to the model with. */
  public static RunInfo of(String model, WeightsOrigin weights, Path image, String preprocessing) {
    Path fileName = image == null ? null : image.getFileName();
    return new RunInfo(model, weights == null ? "" : weights.description(),
        fileName == null ? "" : fileName.toString(), weights != null && weights.untrained(), preprocessing);
  }

  /** The provenance text every exported PNG carries, in order. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Software", SOFTWARE);
    m.put("Model", model);
    m.put("Weights", weightsText());
    m.put("Source image", imageFile);
    if (!preprocessing.isEmpty()) {
      m.put("Preprocessing", preprocessing);
    }
    return m;
  }

  /** The weights' description, saying "untrained" once whether or not the description already does. */
  public String weightsText() {
    boolean said = weights.toLowerCase(java.util.Locale.ROOT).contains("untrained");
    return untrained && !said ? weights + " (untrained)" : weights;
  }
}
