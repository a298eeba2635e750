package org.convlens.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * The 1000 ImageNet class names in Keras's output order (from torchvision's list, see the resource's
 * README), and top-k selection over a probability vector.
 */
public final class ImageNetClasses {
  private final List<String> labels;

  private ImageNetClasses(List<String> labels) {
    this.labels = List.copyOf(labels);
  }

  /** Loads the bundled list. */
  public static ImageNetClasses load() {
    try (InputStream in = ImageNetClasses.class.getResourceAsStream("imagenet_classes.txt")) {
      if (in == null) {
        throw new IllegalStateException("imagenet_classes.txt is missing from the application's resources");
      }
      List<String> labels = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (!line.isBlank()) {
            labels.add(line.strip());
          }
        }
      }
      return new ImageNetClasses(labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ImageNet class names", e);
    }
  }

  public int size() {
    return labels.size();
  }

  public String label(int index) {
    return labels.get(index);
  }

  /** The {@code k} most probable classes, most probable first; ties keep the lower index first. */
  public List<Prediction> top(Tensor probabilities, int k) {
    float[] p = probabilities.data();
    if (p.length != labels.size()) {
      throw new IllegalArgumentException(
          "expected " + labels.size() + " class probabilities, got " + Tensor.formatShape(probabilities.shape()));
    }
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    List<Prediction> top = new ArrayList<>();
    for (int i = 0; i < Math.min(k, p.length); i++) {
      top.add(new Prediction(order[i], labels.get(order[i]), p[order[i]]));
    }
    return top;
  }
}
