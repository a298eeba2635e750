package org.convlens.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.convlens.inference.SavedModelReader;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.SignatureNetwork;
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
import org.convlens.model.weights.WeightsFile;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.tensor.Tensor;

/**
 * Turns the user's choice of weights into a checked {@link Network}: finds the file, reads it, picks the graph
 * (the built-in model's with or without the 1000-class head, or the architecture a whole-model file carries),
 * binds the weights by layer name (a built-in model's file by position when its names are older Keras's), and
 * gives a built-in model its own stages. No TensorFlow here, so the summary and the filters are available before
 * (and without) the engine: a TensorFlow SavedModel's signature is read from its protocol buffer, nothing runs.
 */
public final class NetworkLoader {
  private static final System.Logger LOG = System.getLogger(NetworkLoader.class.getName());
  private final WeightsLocator locator;
  private final Path cacheDir;

  /** @param cacheDir where the bundled model is unpacked (an HDF5 reader needs a file) */
  public NetworkLoader(WeightsLocator locator, Path cacheDir) {
    this.locator = locator;
    this.cacheDir = cacheDir;
  }

  public Network load(WeightsChoice choice) throws WeightsNotFoundException, IOException {
    if (choice instanceof WeightsChoice.Untrained u) {
      Application app = u.application();
      LayerGraph graph = app.graph(true);
      return Network.bind(graph, UntrainedWeights.generate(graph, u.seed()), WeightsOrigin.untrained(u.seed()))
          .withStages(app.stages(), app.predictionsLayer());
    }
    if (choice instanceof WeightsChoice.Bundled
        || choice instanceof WeightsChoice.Find find && find.application().bundled()) {
      return fromFile(BundledModel.unpack(cacheDir), Applications.MOBILENET,
          BundledModel.FILE_NAME + " (" + BundledModel.DESCRIPTION + ")");
    }
    if (choice instanceof WeightsChoice.Model m) {
      return fromModelFile(m.file(), m.weights(), m.imageSize());
    }
    Application app = choice.application();
    Path explicit = choice instanceof WeightsChoice.File f ? f.path() : null;
    // The bundled model publishes no files; for a file it names, only the locator's checks of the path matter.
    KnownWeights known = app.bundled() ? Applications.DEFAULT.weights() : app.weights();
    WeightsLocator.Location location = locator.locate(known, explicit);
    if (location instanceof WeightsLocator.NotFound notFound) {
      throw new WeightsNotFoundException(notFound);
    }
    return fromFile(((WeightsLocator.Found) location).path(), app, null);
  }

  /**
   * Reads a model of the user's own ({@link WeightsChoice.Model}): a Keras file, or a TensorFlow SavedModel folder
   * (its signature only: the SavedModel is run as it is).
   */
  static Network fromModelFile(Path file, Path weights, int imageSize) throws IOException {
    // A SavedModel is its folder; its saved_model.pb (what a file dialog can pick) stands for it.
    boolean pb = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
        .endsWith(".pb");
    if (Files.isDirectory(file) || pb) {
      if (weights != null) {
        throw new IllegalArgumentException(file + " is a SavedModel, which holds its own weights (variables/): "
            + "leave out the weights file");
      }
      Path dir = pb ? file.toAbsolutePath().getParent() : file;
      return SignatureNetwork.of(SavedModelReader.read(dir), imageSize);
    }
    KerasModel model = KerasModel.read(file, weights, imageSize);
    // The cached TensorFlow graph depends on the architecture and the input size as much as on the weights.
    String key = WeightsDownloader.md5Of(file) + (weights != null ? "-" + WeightsDownloader.md5Of(weights) : "")
        + "-" + String.join("x", java.util.Arrays.stream(model.graph().outputShape(model.graph().input().name()))
            .mapToObj(Integer::toString).toList());
    Network network = Network.bind(model.graph(), model.weights(), WeightsOrigin.file(file.getFileName().toString()
        + (weights != null ? " with " + weights.getFileName() : ""), key));
    return asApplication(network);
  }

  /** A whole model saved from a Keras application (by its model name) shows that application's stages. */
  private static Network asApplication(Network network) {
    return Applications.of(network.graph())
        .map(app -> network.withStages(app.stages(), app.predictionsLayer()))
        .orElse(network);
  }

  /**
   * Reads a Keras file and binds its weights to a graph: the architecture saved in the file when it is a whole
   * model ({@code model.save}), otherwise ResNet50V2, with the head when the file has it.
   */
  public static Network fromFile(Path file) throws IOException {
    return fromFile(file, Applications.DEFAULT, null);
  }

  /**
   * As {@link #fromFile(Path)}, with {@code app}'s graph for its weights (and its stages) for a weights-only file.
   *
   * @param description how to name the weights, null for the file's name checked against {@code app}'s files
   */
  static Network fromFile(Path file, Application app, String description) throws IOException {
    KerasWeights keras = KerasWeightsReader.read(file);
    LinkedHashMap<String, List<Tensor>> byLayer = new LinkedHashMap<>();
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
      graph = app.weightsGraph(hasHead(app, byLayer));
    }
    String md5 = WeightsDownloader.md5Of(file);
    String described = description != null ? description
        : app.bundled() ? file.getFileName().toString() : describe(file, md5, app.weights());
    WeightsOrigin origin = WeightsOrigin.file(described, md5);
    if (keras.modelConfig() != null) {
      return asApplication(Network.bind(graph, byLayer, origin));
    }
    return Network.bindByNameOrPosition(graph, byLayer, origin).withStages(app.stages(), app.predictionsLayer());
  }

  /**
   * Whether a weights-only file has the 1000-class head: its predictions layer by name, or (a file of older Keras's
   * names, matched by position) as many layers with weights as the graph with the head.
   */
  private static boolean hasHead(Application app, Map<String, List<Tensor>> byLayer) {
    return byLayer.containsKey(app.predictionsLayer())
        || byLayer.values().stream().filter(w -> !w.isEmpty()).count() == app.graph(true).weightedLayers().size();
  }

  /**
   * The file's name, saying whether it is the official file (its checksum is Keras's) or, under an official name,
   * something else: a re-saved or fine-tuned file gives other results, and people should know.
   */
  static String describe(Path file, String md5, KnownWeights known) throws IOException {
    String name = file.getFileName().toString();
    if (known.files().stream().anyMatch(f -> "MD5".equals(f.algorithm()) && f.checksum().equalsIgnoreCase(md5))) {
      return name + " (official ImageNet weights, MD5 checked)";
    }
    Optional<WeightsFile> sameName = known.files().stream().filter(f -> f.fileName().equals(name)).findFirst();
    if (sameName.isEmpty()) {
      return name;
    }
    WeightsFile official = sameName.get();
    if (official.checksum() == null) {
      return name + " (official name; Keras publishes no checksum to check it against)";
    }
    // Hashed again only for a SHA-256 under its official name (ConvNeXt): the MD5 is computed anyway.
    if (!"MD5".equals(official.algorithm())
        && official.checksum().equals(WeightsDownloader.hashOf(file, official.algorithm()))) {
      return name + " (official ImageNet weights, " + official.algorithm() + " checked)";
    }
    // Used, not refused: a re-saved or fine-tuned file under the official name is the user's to run. A damaged
    // download cannot get here (the downloader checks before it renames), so the log says how to replace it.
    LOG.log(System.Logger.Level.WARNING, "{0} has the official name but not Keras''s {1} ({2}); it is used as a "
        + "file of your own. If it should be the official file, delete it and download it again.",
        file, official.algorithm(), official.checksum());
    return name + " (not the official file: its " + official.algorithm() + " differs)";
  }
}
