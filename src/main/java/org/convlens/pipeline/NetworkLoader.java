package org.convlens.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.keras.KerasArchitecture;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasModel;
import org.convlens.model.keras.KerasWeight;
import org.convlens.model.keras.KerasWeights;
import org.convlens.model.keras.KerasWeightsReader;
import org.convlens.model.weights.KnownWeights;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.tensor.Tensor;

/**
 * Turns the user's choice of weights into a checked {@link Network}: finds the file, reads it, picks the graph
 * (ResNet50V2 with or without the 1000-class head, or the architecture a whole-model file carries), and binds
 * the weights by layer name. No TensorFlow here, so
 * the summary and the filters are available before (and without) the engine.
 */
public final class NetworkLoader {
  private final WeightsLocator locator;
  private final Path cacheDir;

  /** @param cacheDir where the bundled model is unpacked (an HDF5 reader needs a file) */
  public NetworkLoader(WeightsLocator locator, Path cacheDir) {
    this.locator = locator;
    this.cacheDir = cacheDir;
  }

  public Network load(WeightsChoice choice) throws WeightsNotFoundException, IOException {
    if (choice instanceof WeightsChoice.Untrained u) {
      LayerGraph graph = ResNet50V2.graph(true);
      return Network.bind(graph, UntrainedWeights.generate(graph, u.seed()), WeightsOrigin.untrained(u.seed()));
    }
    if (choice instanceof WeightsChoice.Bundled) {
      return fromFile(BundledModel.unpack(cacheDir), BundledModel.FILE_NAME + " (" + BundledModel.DESCRIPTION + ")");
    }
    if (choice instanceof WeightsChoice.Model m) {
      return fromModelFile(m.file(), m.weights(), m.imageSize());
    }
    Path explicit = choice instanceof WeightsChoice.File f ? f.path() : null;
    WeightsLocator.Location location = locator.locate(KnownWeights.RESNET50_V2, explicit);
    if (location instanceof WeightsLocator.NotFound notFound) {
      throw new WeightsNotFoundException(notFound);
    }
    return fromFile(((WeightsLocator.Found) location).path());
  }

  /** Reads a Keras model of the user's own ({@link WeightsChoice.Model}). */
  static Network fromModelFile(Path file, Path weights, int imageSize) throws IOException {
    KerasModel model = KerasModel.read(file, weights, imageSize);
    // The cached TensorFlow graph depends on the architecture and the input size as much as on the weights.
    String key = WeightsDownloader.md5Of(file) + (weights != null ? "-" + WeightsDownloader.md5Of(weights) : "")
        + "-" + String.join("x", java.util.Arrays.stream(model.graph().outputShape(model.graph().input().name()))
            .mapToObj(Integer::toString).toList());
    return Network.bind(model.graph(), model.weights(), WeightsOrigin.file(file.getFileName().toString()
        + (weights != null ? " with " + weights.getFileName() : ""), key));
  }

  /**
   * Reads a Keras file and binds its weights to a graph: the architecture saved in the file when it is a whole
   * model ({@code model.save}), otherwise ResNet50V2, with the head when the file has it.
   */
  public static Network fromFile(Path file) throws IOException {
    return fromFile(file, null);
  }

  private static Network fromFile(Path file, String description) throws IOException {
    KerasWeights keras = KerasWeightsReader.read(file);
    Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
    LayerGraph graph;
    if (keras.modelConfig() != null) {
      // A whole model: its own architecture, nested models and all.
      KerasModel model = KerasModel.of(file, keras, KerasArchitecture.DEFAULT_IMAGE_SIZE);
      graph = model.graph();
      byLayer.putAll(model.weights());
    } else {
      for (KerasLayer layer : keras.weightedLayers()) {
        byLayer.put(layer.name(), layer.weights().stream().map(KerasWeight::value).toList());
      }
      graph = ResNet50V2.graph(byLayer.containsKey(ResNet50V2.PREDICTIONS));
    }
    String md5 = WeightsDownloader.md5Of(file);
    String described = description != null ? description : describe(file, md5, KnownWeights.RESNET50_V2);
    return Network.bind(graph, byLayer, WeightsOrigin.file(described, md5));
  }

  /**
   * The file's name, saying whether it is the official file (its MD5 is Keras's) or, under an official name,
   * something else: a re-saved or fine-tuned file gives other results, and people should know.
   */
  static String describe(Path file, String md5, KnownWeights known) {
    String name = file.getFileName().toString();
    if (known.files().stream().anyMatch(f -> f.md5().equalsIgnoreCase(md5))) {
      return name + " (official ImageNet weights, MD5 checked)";
    }
    boolean officialName = known.files().stream().anyMatch(f -> f.fileName().equals(name));
    return officialName ? name + " (not the official file: its MD5 differs)" : name;
  }
}
