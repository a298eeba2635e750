package org.convlens.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convlens.image.ImageLoadException;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.inference.InferenceException;
import org.convlens.inference.ModelService;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Prediction;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/** The pipeline for one image, left to right: decode, preprocess, run, rank the outputs. */
public final class Analyzer {
  public static final int TOP_K = 5;

  private final ModelService model;
  private final ImageLoader images;
  private final ImageNetClasses classes;
  private final Preprocessing preprocessing;

  /** With Keras's preprocessing for the model's architecture ({@link #defaultPreprocessing}). */
  public Analyzer(ModelService model, ImageLoader images, ImageNetClasses classes) {
    this(model, images, classes, defaultPreprocessing(model.network().graph()));
  }

  /** With the preprocessing the user declared. */
  public Analyzer(ModelService model, ImageLoader images, ImageNetClasses classes, Preprocessing preprocessing) {
    this.model = model;
    this.images = images;
    this.classes = classes;
    this.preprocessing = preprocessing;
  }

  /**
   * A built-in model's own mode; else Keras's mode for the graph's architecture when its name (or a nested
   * model's) is an application's, else tf.
   */
  public static Preprocessing defaultPreprocessing(LayerGraph graph) {
    return Applications.of(graph).map(Application::preprocessing)
        .orElseGet(() -> Preprocessing.forModel(graph.name(), graph.layerNames()));
  }

  public ModelService model() {
    return model;
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * Squashes a loaded image to the model's input size and preprocesses it, without running it.
   *
   * @throws IllegalArgumentException when the model does not take 3-channel images
   */
  public ModelInput prepare(RgbImage original) {
    LayerConfig.Input input = (LayerConfig.Input) model.network().graph().input().config();
    if (input.channels() != 3) {
      throw new IllegalArgumentException("the model " + model.network().graph().name() + " takes "
          + input.channels() + "-channel input, not an RGB image; give it a preprocessed array instead "
          + "(convlens activations --input ARRAY.npy)");
    }
    return ModelInput.prepare(original, input.height(), input.width(), preprocessing);
  }

  /** Analyses the image file with the default layers plus {@code extraLayers}. */
  public Analysis analyze(Path image, List<String> extraLayers) throws ImageLoadException, InferenceException {
    RgbImage original = images.load(image);
    ModelInput input = prepare(original);
    Optional<String> output = outputVector(model.network().graph());
    List<String> layers = new ArrayList<>(model.defaultLayers());
    extraLayers.stream().filter(l -> !layers.contains(l)).forEach(layers::add);
    output.filter(l -> !layers.contains(l)).ifPresent(layers::add);
    long start = System.nanoTime();
    Activations activations = model.run(input.tensor(), layers);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<Prediction> top = output.map(l -> top(activations.get(l), TOP_K, classes)).orElse(List.of());
    return new Analysis(image, original, input, activations, top, model.network().origin(), millis);
  }

  /**
   * Decodes an image file and squashes it to the model's input, without running it. Only the model's view is
   * kept, not the full-size picture, so that many images can wait for a batch without holding many megapixels.
   */
  public ModelInput load(Path image) throws ImageLoadException {
    return prepare(images.load(image));
  }

  /**
   * Analyses images already {@link #load loaded}, in one batched forward pass, with the default layers plus
   * {@code extraLayers}: the same values as {@link #analyze(Path, List)} one by one. Each analysis's original is
   * the model's view (see {@link #load}) and its time is its share of the batch's.
   */
  public List<Analysis> analyze(List<Path> sources, List<ModelInput> inputs, List<String> extraLayers)
      throws InferenceException {
    Optional<String> output = outputVector(model.network().graph());
    List<String> layers = new ArrayList<>(model.defaultLayers());
    extraLayers.stream().filter(l -> !layers.contains(l)).forEach(layers::add);
    output.filter(l -> !layers.contains(l)).ifPresent(layers::add);
    long start = System.nanoTime();
    List<Activations> results = model.runBatch(inputs.stream().map(ModelInput::tensor).toList(), layers);
    long millis = (System.nanoTime() - start) / 1_000_000 / Math.max(1, inputs.size());
    List<Analysis> analyses = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Activations activations = results.get(i);
      List<Prediction> top = output.map(l -> top(activations.get(l), TOP_K, classes)).orElse(List.of());
      analyses.add(new Analysis(sources.get(i), inputs.get(i).image(), inputs.get(i), activations, top,
          model.network().origin(), millis));
    }
    return analyses;
  }

  /** Activations of other layers for an image already prepared (the app's on-demand layer view). */
  public Activations layers(ModelInput input, List<String> layers) throws InferenceException {
    return model.run(input.tensor(), layers);
  }

  /**
   * Activations for an already preprocessed batch {@code [n, h, w, c]} ({@link #batch} makes it), one sample at
   * a time: for one sample each layer's tensor has no batch dimension, as for an image; for several, each has
   * its leading {@code n}, as Keras's {@code predict} returns it.
   */
  public static Activations runBatch(ModelService model, Tensor batch, Collection<String> layers)
      throws InferenceException {
    int n = batch.dim(0);
    int sampleSize = batch.size() / n;
    int[] sampleShape = Arrays.copyOfRange(batch.shape(), 1, batch.rank());
    if (n == 1) {
      return model.run(batch, layers);
    }
    Map<String, float[]> stacked = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      float[] sample = Arrays.copyOfRange(batch.data(), i * sampleSize, (i + 1) * sampleSize);
      Activations one = model.run(Tensor.of(sample, prepend(1, sampleShape)), layers);
      for (String layer : one.names()) {
        Tensor t = one.get(layer);
        float[] all = stacked.computeIfAbsent(layer, l -> new float[Math.multiplyExact(n, t.size())]);
        System.arraycopy(t.data(), 0, all, i * t.size(), t.size());
        shapes.put(layer, prepend(n, t.shape()));
      }
    }
    Map<String, Tensor> byLayer = new LinkedHashMap<>();
    stacked.forEach((layer, data) -> byLayer.put(layer, Tensor.of(data, shapes.get(layer))));
    return new Activations(byLayer);
  }

  private static int[] prepend(int first, int[] rest) {
    int[] shape = new int[rest.length + 1];
    shape[0] = first;
    System.arraycopy(rest, 0, shape, 1, rest.length);
    return shape;
  }

  /**
   * The model's output layer when its output is a vector (a classifier's or regressor's head), whose values
   * {@link #top} ranks; empty when the model ends in feature maps (e.g. a model without its head).
   */
  public static Optional<String> outputVector(LayerGraph graph) {
    String output = graph.outputLayer();
    return graph.outputShape(output).length == 1 ? Optional.of(output) : Optional.empty();
  }

  /**
   * The {@code k} largest values of an output vector, largest first (ties keep the lower index first): named
   * ImageNet classes when the vector has exactly their 1000 entries, otherwise units with a null label.
   */
  public static List<Prediction> top(Tensor output, int k, ImageNetClasses classes) {
    if (output.size() == classes.size()) {
      return classes.top(output, k);
    }
    float[] values = output.data();
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
    List<Prediction> top = new ArrayList<>();
    for (int i = 0; i < Math.min(k, values.length); i++) {
      top.add(new Prediction(order[i], null, values[order[i]]));
    }
    return List.copyOf(top);
  }

  /**
   * An already preprocessed array as a batch {@code [n, h, w, c]} for this model: {@code [h, w, c]} (one sample)
   * or {@code [n, h, w, c]}.
   *
   * @throws IllegalArgumentException saying both shapes when the array does not fit the model's input
   */
  public static Tensor batch(Tensor array, LayerGraph graph) {
    LayerConfig.Input in = (LayerConfig.Input) graph.input().config();
    int[] expected = {in.height(), in.width(), in.channels()};
    int[] shape = array.shape();
    int[] sample = shape.length == 4 ? Arrays.copyOfRange(shape, 1, 4) : shape;
    if (!Arrays.equals(sample, expected) || shape.length == 4 && shape[0] < 1) {
      throw new IllegalArgumentException("the array has shape " + Tensor.formatShape(shape) + ", but the model "
          + graph.name() + " takes " + Tensor.formatShape(expected) + " (or a batch of those, "
          + Tensor.formatShape(1, in.height(), in.width(), in.channels()) + "), channels last, already "
          + "preprocessed");
    }
    return shape.length == 4 ? array : array.reshape(1, in.height(), in.width(), in.channels());
  }
}
