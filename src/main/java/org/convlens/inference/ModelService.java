package org.convlens.inference;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.convlens.model.LayerConfig;
import org.convlens.model.ModelSignature;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.SignatureDef;

/**
 * A loaded network, ready to run: owns the DJL models and predictors for as long as the application uses it.
 * {@link #run} is synchronized because a DJL {@code Predictor} is not thread-safe: one forward at a time.
 *
 * <p>The default layers (the five stages and the predictions) come from a signature that computes only them,
 * through the {@code Predictor}. Any other layer is fetched by its tensor name from the same loaded session
 * ({@link LayerFetcher}), so TensorFlow computes only what that layer needs and nothing is loaded again.
 *
 * <p>A TensorFlow SavedModel of the user's own ({@link #openSavedModel}) is loaded from its folder as it is, through
 * the same predictor: its signature's outputs are its only layers, all computed by each forward pass.
 */
public final class ModelService implements AutoCloseable {
  private final Network network;
  private final List<String> defaultLayers;
  private final ZooModel<ActivationsTranslator.Request, Activations> defaultModel;
  private final Predictor<ActivationsTranslator.Request, Activations> defaultPredictor;
  private final LayerFetcher anyLayer;
  private final SavedModelBundle bundle;
  private final SavedModelCache cache;
  private final SavedModelCache.Lease lease;
  private NetworkGradients gradients;
  private boolean closed;

  private ModelService(Network network, SavedModelCache cache, SavedModelCache.Lease lease,
      List<String> defaultLayers) throws ModelLoadException {
    this.network = network;
    this.cache = cache;
    this.defaultLayers = defaultLayers;
    this.lease = lease;
    Path savedModel = lease.dir();
    this.defaultModel = load(savedModel, SavedModelExporter.DEFAULT_SIGNATURE, SavedModelExporter.INPUT_KEY,
        "delete that folder and start again to rebuild it");
    this.bundle = ((TfSymbolBlock) defaultModel.getBlock()).getSavedModelBundle();
    List<String> outputs = ((TfSymbolBlock) defaultModel.getBlock()).describeOutput().keys();
    SignatureDef allLayers = bundle.getMetaGraphDef().getSignatureDefMap()
        .get(SavedModelExporter.ALL_LAYERS_SIGNATURE);
    if (!outputs.containsAll(defaultLayers) || allLayers == null) {
      defaultModel.close();
      throw new StaleSavedModelException("the SavedModel in " + savedModel + " returns " + outputs
          + " by default, not " + defaultLayers + ", or lacks its all-layers signature");
    }
    this.anyLayer = new LayerFetcher(bundle, allLayers);
    this.defaultPredictor = defaultModel.newPredictor();
  }

  /**
   * A SavedModel of someone else's, loaded as it is: every output of its signature is a default layer (one forward
   * pass computes them all), so no other layer is ever fetched.
   */
  private ModelService(Network network, ModelSignature signature) throws ModelLoadException {
    this.network = network;
    this.defaultLayers = network.graph().layerNames().stream()
        .filter(l -> !l.equals(network.graph().input().name())).toList();
    this.lease = null;
    this.cache = null;
    this.defaultModel = load(signature.dir(), signature.key(), signature.input().key(),
        "check that the folder is a complete SavedModel (saved_model.pb and variables/)");
    this.bundle = ((TfSymbolBlock) defaultModel.getBlock()).getSavedModelBundle();
    this.anyLayer = null;
    this.defaultPredictor = defaultModel.newPredictor();
  }

  /**
   * Loads a TensorFlow SavedModel folder as it is (no export, no cache) for a network read from its signature
   * ({@link org.convlens.model.SignatureNetwork}). TensorFlow's engine must have been started.
   *
   * @throws IllegalArgumentException when {@code network} is not a SavedModel's
   */
  public static ModelService openSavedModel(Network network, Progress progress) throws ModelLoadException {
    ModelSignature signature = network.signature().orElseThrow(() -> new IllegalArgumentException(
        "the network " + network.graph().name() + " is a Keras model, not a SavedModel's signature"));
    progress.update("Loading the model", -1);
    ModelService service = new ModelService(network, signature);
    progress.update("Preparing the model", -1);
    service.warmUp();
    return service;
  }

  /** The cached SavedModel was built for other default outputs (by another version of ConvLens). */
  private static final class StaleSavedModelException extends RuntimeException {
    StaleSavedModelException(String message) {
      super(message);
    }
  }

  /**
   * Builds (or reuses from {@code cache}) the SavedModel for {@code network} and loads it through DJL.
   * TensorFlow's engine must have been started with {@link TensorFlowRuntime#start}.
   */
  public static ModelService open(Network network, SavedModelCache cache, Progress progress) throws ModelLoadException {
    List<String> defaults = defaultLayers(network);
    SavedModelCache.Lease lease = cache.ensure(network, defaults, progress);
    progress.update("Loading the model", -1);
    ModelService service;
    try {
      service = new ModelService(network, cache, lease, defaults);
    } catch (StaleSavedModelException | ModelLoadException e) {
      // A SavedModel from an older ConvLens, or a damaged one: build it again, once.
      lease.close();
      cache.evict(network);
      lease = cache.ensure(network, defaults, progress);
      progress.update("Loading the model", -1);
      try {
        service = new ModelService(network, cache, lease, defaults);
      } catch (RuntimeException | ModelLoadException again) {
        lease.close();
        throw again;
      }
    }
    // Now that this one is in use, older SavedModels beyond the cache's size can go.
    cache.prune();
    progress.update("Preparing the model", -1);
    service.warmUp();
    return service;
  }

  /**
   * TensorFlow prepares its kernels on the first run after a load (about a second here): do it now, in the
   * loading phase, so the first image the user opens is as fast as the rest and its timing is honest.
   */
  private void warmUp() throws ModelLoadException {
    LayerConfig.Input in = (LayerConfig.Input) network.graph().input().config();
    try {
      run(Tensor.zeros(1, in.height(), in.width(), in.channels()), defaultLayers);
    } catch (InferenceException e) {
      close();
      throw new ModelLoadException("the model loaded but cannot run: " + e.getMessage(), e);
    }
  }

  /**
   * What every analysis needs, so one forward pass of the default signature gives it: the stage outputs, and the
   * output layer when it is a vector (ResNet50V2's {@code predictions}, any other head) or there are no stages.
   */
  public static List<String> defaultLayers(Network network) {
    List<String> layers = new ArrayList<>();
    for (NetworkStage stage : network.stages()) {
      layers.add(stage.layer());
    }
    String output = network.graph().outputLayer();
    boolean vector = network.graph().outputShape(output).length == 1;
    if ((vector || layers.isEmpty()) && !layers.contains(output)) {
      layers.add(output);
    }
    return List.copyOf(layers);
  }

  public Network network() {
    return network;
  }

  public List<String> defaultLayers() {
    return defaultLayers;
  }

  /**
   * One forward pass over {@code input} ({@code [1, h, w, 3]}, preprocessed), returning only {@code layers}.
   *
   * @throws IllegalArgumentException naming an unknown layer, before anything runs
   */
  public synchronized Activations run(Tensor input, Collection<String> layers) throws InferenceException {
    Set<String> wanted = new LinkedHashSet<>(layers);
    for (String layer : wanted) {
      if (!network.graph().contains(layer) || layer.equals(network.graph().input().name())) {
        throw new IllegalArgumentException("unknown layer '" + layer + "': the model " + network.graph().name()
            + " has no such layer (run the summary command to list them)");
      }
    }
    ActivationsTranslator.Request request = new ActivationsTranslator.Request(input, wanted);
    try {
      if (anyLayer == null || defaultLayers.containsAll(wanted)) {
        return defaultPredictor.predict(request);
      }
      return anyLayer.run(input, wanted);
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("the forward pass failed: " + e.getMessage(), e);
    }
  }

  /**
   * One forward pass over several preprocessed images ({@code [1, h, w, c]} each, one shape) as one batch: the
   * same values as one {@link #run} per image, in less time per image. One {@link Activations} per input, in order.
   */
  public List<Activations> runBatch(List<Tensor> inputs, Collection<String> layers) throws InferenceException {
    if (inputs.size() <= 1) {
      return inputs.isEmpty() ? List.of() : List.of(run(inputs.get(0), layers));
    }
    return BatchTensors.split(run(BatchTensors.stack(inputs), layers), inputs.size());
  }

  /** @param remedy what the user can do when the folder does not load */
  private static ZooModel<ActivationsTranslator.Request, Activations> load(Path dir, String signature,
      String inputKey, String remedy) throws ModelLoadException {
    Criteria<ActivationsTranslator.Request, Activations> criteria = Criteria.builder()
        .setTypes(ActivationsTranslator.Request.class, Activations.class)
        .optModelPath(dir)
        .optEngine("TensorFlow")
        .optOption("SignatureDefKey", signature)
        .optOption("ConfigProto", sessionConfig())
        .optTranslator(new ActivationsTranslator(inputKey))
        .build();
    try {
      return criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      // TensorFlow reports a damaged SavedModel with unchecked exceptions (e.g. TFOutOfRangeException).
      throw new ModelLoadException("cannot load the TensorFlow model from " + dir + ": " + e.getMessage()
          + "; " + remedy, e);
    }
  }

  /**
   * DJL's default session options, with grappler's meta optimizer off when {@code
   * -Dconvlens.tf.graphOptimizer=false}. It is on by default: measured here it makes every forward pass faster
   * (51 ms against 79 ms), and the seconds it adds to the first run after a load are spent in the loading
   * phase by {@link #warmUp}, where the user already waits with a progress bar.
   */
  static String sessionConfig() {
    ConfigProto.Builder config = JavacppUtils.getSessionConfig().toBuilder();
    if (System.getProperty("convlens.tf.graphOptimizer", "true").equals("false")) {
      config.setGraphOptions(GraphOptions.newBuilder()
          .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
    }
    return Base64.getEncoder().encodeToString(config.build().toByteArray());
  }

  /**
   * Opens {@code other} (e.g. this network with other weights) from the same SavedModel cache: a model of its own,
   * to be closed by the caller.
   */
  public ModelService openOther(Network other, Progress progress) throws ModelLoadException {
    if (cache == null) {
      throw new IllegalStateException("a SavedModel folder of the user's own has no cache to build another from");
    }
    return open(other, cache, progress);
  }

  /**
   * Gradients through this model, computed in its own session (made at the first call, closed with the model):
   * the gradient ops join the loaded graph, so the weights are not copied.
   */
  public synchronized NetworkGradients gradients() {
    checkOpen();
    if (anyLayer == null) {
      throw new IllegalStateException("gradients need ConvLens's own SavedModel; " + network.graph().name()
          + " is a SavedModel folder run as it is");
    }
    if (gradients == null) {
      gradients = new NetworkGradients(this, bundle.getGraph(), bundle.getSession(), anyLayer);
    }
    return gradients;
  }

  /** The loaded graph the forward and gradient ops share; for tests. */
  TF_Graph graph() {
    return bundle.getGraph();
  }

  /** @throws IllegalStateException once the model is closed (its native session is gone) */
  synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model " + network.graph().name() + " is closed: load it again");
    }
  }

  /**
   * How many native arrays the model's manager (and its sub-managers) hold now: the model's own, plus any a
   * forward pass failed to free. Soak tests check that it returns to its baseline after thousands of passes.
   */
  public int liveNativeArrays() {
    return defaultModel.getNDManager().getManagedArrays().size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    defaultPredictor.close();
    defaultModel.close();
    if (lease != null) {
      lease.close();
    }
  }
}
