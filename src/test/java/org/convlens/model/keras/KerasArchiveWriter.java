package org.convlens.model.keras;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convlens.model.Layer;
import org.convlens.model.LayerGraph;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;

/**
 * Writes a flat layer graph and its weights as a Keras 3 {@code .keras} archive, for tests: {@code metadata.json},
 * {@code config.json} from {@link KerasConfigWriter}, and {@code model.weights.h5} in Keras 3's layout, each
 * layer's variables at {@code layers/<key>/vars/0, 1, ...} where the key is the snake_case class name with a
 * counter per class, in {@code model.layers} order (as Keras's saver walks them; the input layer takes its key).
 */
final class KerasArchiveWriter {
  private KerasArchiveWriter() {}

  static void write(Path archive, LayerGraph graph, Map<String, List<Tensor>> weights) throws IOException {
    Path h5 = Files.createTempFile(archive.getParent(), "weights", ".h5");
    try {
      KerasH5Writer.write(h5, variables(graph, weights), KerasH5Writer.Options.variableLengthStrings()
          .withKerasVersion(KerasConfigWriter.KERAS_VERSION));
      try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
        entry(zip, "metadata.json", ("{\"keras_version\": \"" + KerasConfigWriter.KERAS_VERSION + "\"}")
            .getBytes(StandardCharsets.UTF_8));
        entry(zip, "config.json", KerasConfigWriter.toJson(graph).getBytes(StandardCharsets.UTF_8));
        entry(zip, "model.weights.h5", Files.readAllBytes(h5));
      }
    } finally {
      Files.deleteIfExists(h5);
    }
  }

  private static List<KerasLayer> variables(LayerGraph graph, Map<String, List<Tensor>> weights) {
    List<KerasLayer> layers = new ArrayList<>();
    Map<String, Integer> perClass = new HashMap<>();
    for (Layer layer : graph.layers()) {
      if (layer.name().contains("/") || layer.name().contains("@")) {
        throw new IllegalArgumentException("only flat graphs without shared layers: " + layer.name());
      }
      String base = ArchiveWeights.snakeCase(layer.type());
      int n = perClass.merge(base, 1, Integer::sum) - 1;
      String key = n == 0 ? base : base + "_" + n;
      List<Tensor> values = weights.getOrDefault(layer.name(), List.of());
      if (!values.isEmpty()) {
        List<KerasWeight> vars = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          vars.add(new KerasWeight(Integer.toString(i), values.get(i)));
        }
        layers.add(new KerasLayer("layers/" + key + "/vars", vars));
      }
    }
    return layers;
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
