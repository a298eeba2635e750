package org.convlens.explain;

import java.util.List;
import java.util.SplittableRandom;
import org.convlens.image.Preprocessing;
import org.convlens.inference.InferenceException;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.inference.NetworkGradients;
import org.convlens.inference.Progress;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.weights.CancellationToken;
import org.convlens.tensor.Tensor;

/**
 * Explains one loaded network's decisions, for any number of images: Grad-CAM, saliency and SmoothGrad maps
 * for a class, and activation maximisation. The gradients are computed in the loaded model's own session ({@link
 * ModelService#gradients}): no second graph, no second copy of the weights. The explainer does not own the model;
 * close it when the model changes, so late work fails cleanly. Every method blocks, so a UI calls it on its
 * background pool; {@link #maximize} reports progress and stops when cancelled.
 */
public final class Explainer implements AutoCloseable {
  /** Asks for the class the image scores highest. */
  public static final int TOP_CLASS = NetworkGradients.TOP_CLASS;

  /**
   * Forward activations one SmoothGrad run may hold for its backward pass. Measured with ExplainBenchmark on the
   * idle machine (large freed blocks kept by inference.LargeAllocations), per copy of the input gradient: MobileNet
   * 18.4 ms one at a time, 11.2 ms eight a run (SmoothGrad-16 348 -> 214 ms); ResNet50V2 151 -> 136 ms. Bigger
   * runs buy little more and the memory a run holds stays resident, so runs are capped by this budget. Measured
   * again with the saliency summed in the graph (sizes alternating, load average 3-6, five runs): MobileNet
   * SmoothGrad-16 at 4, 8 and 16 copies a run within the noise of each other, 16 adding 50-95 MB to the peak
   * resident memory; ResNet50V2 at 1, 2, 4 and 8 copies a run also alike (e.g. 2212, 2109, 2105 ms at 2, 4, 8),
   * while the benchmark's peak grew from 1.05-1.19 GB (1 or 2 copies) to 1.14-1.29 (4) and 1.37-1.49 GB (8),
   * against the app's 1.0 GB target with ResNet50V2 loaded. With the cheaper gradient ops (inference.CheaperGradients;
   * five runs, sizes alternating, load average 2-3) MobileNet's SmoothGrad-16 took 161-171, 136-150, 120-136 and
   * 120-137 ms at 4, 8, 16 and 32 copies a run: 16 was 6-12% faster than 8 in every run, adding 18-52 MB to the peak
   * (about 600 MB). So up to 16 copies a run, and a budget that holds 16 of MobileNet's 17.3 MB of activations while
   * ResNet50V2 (126 MB a copy) stays at 2.
   */
  static final long SMOOTHGRAD_RUN_BYTES = 288L << 20;
  static final int SMOOTHGRAD_MAX_BATCH = 16;

  private final ModelService model;
  private final Network network;
  private final InputRange range;
  private boolean closed;

  /**
   * @param model the loaded model to explain, closed by its owner (after this explainer)
   * @param preprocessing how the model's inputs are scaled (noise and optimised images are kept in that range)
   * @throws IllegalArgumentException for a TensorFlow SavedModel's network, which has no layer graph of ours
   */
  public Explainer(ModelService model, Preprocessing preprocessing) {
    Network network = model.network();
    if (network.signature().isPresent()) {
      throw new IllegalArgumentException("explanations (Grad-CAM, saliency, activation maximisation) follow "
          + "gradients through ConvLens's own layer graph, which only a Keras model gives, and "
          + network.signature().get().dir() + " is a TensorFlow SavedModel, run as it is; give the model's .keras "
          + "or .h5 file instead");
    }
    this.model = model;
    this.network = network;
    this.range = InputRange.of(preprocessing);
  }

  public Network network() {
    return network;
  }

  /**
   * The layer Grad-CAM looks at unless told otherwise: the network's last stage, the one its last Feature maps
   * tab shows (a built-in model's own, e.g. VGG16's block5_conv3; else the last layer with a spatial map).
   */
  public String defaultLayer() {
    return defaultLayer(network);
  }

  /** {@link #defaultLayer()} of {@code network}. */
  public static String defaultLayer(Network network) {
    List<NetworkStage> stages = network.stages();
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("model " + network.graph().name() + " has no layer with a spatial map "
          + "for Grad-CAM");
    }
    return stages.get(stages.size() - 1).layer();
  }

  /**
   * Grad-CAM for one image.
   *
   * @param input {@code [1, h, w, c]}, preprocessed
   * @param classIndex the class, or {@link #TOP_CLASS}
   * @param layer a layer with a {@code [h, w, k]} output, or null for {@link #defaultLayer}
   */
  public Heatmap gradCam(Tensor input, int classIndex, String layer) throws ModelLoadException, InferenceException {
    String at = layer != null ? layer : defaultLayer();
    int[] shape = network.graph().outputShape(at);
    if (shape.length != 3) {
      throw new IllegalArgumentException("layer '" + at + "' has output shape " + Tensor.formatShape(shape)
          + ", not a feature map (height, width, channels): choose a convolutional layer for Grad-CAM");
    }
    NetworkGradients.ClassGradient g = gradients().classGradient(single(input), classIndex, at);
    Tensor map = ClassMaps.gradCam(g.activations().reshape(shape), g.gradient().reshape(shape));
    return heatmap(map, Method.GRADCAM, at, g);
  }

  /** Saliency for one image: the input gradient's magnitude, largest over the colour channels. */
  public Heatmap saliency(Tensor input, int classIndex) throws ModelLoadException, InferenceException {
    NetworkGradients.ClassGradient g = gradients().classGradient(single(input), classIndex, inputLayer());
    Tensor map = ClassMaps.saliency(g.gradient().reshape(sample(input)));
    return heatmap(ClassMaps.normalised(map), Method.SALIENCY, inputLayer(), g);
  }

  /**
   * SmoothGrad for one image: saliency averaged over noisy copies, all explaining the class the clean image is
   * explained for (its top class unless one is given).
   */
  public Heatmap smoothGrad(Tensor input, int classIndex, SmoothGradSettings settings)
      throws ModelLoadException, InferenceException {
    return smoothGrad(input, classIndex, settings, Progress.NONE, new CancellationToken());
  }

  /**
   * As above, reporting after each batch of noisy copies (each copy costs about a saliency map: 16 of them take
   * seconds on ResNet50V2).
   *
   * @throws java.util.concurrent.CancellationException when {@code cancel} is set
   */
  public Heatmap smoothGrad(Tensor input, int classIndex, SmoothGradSettings settings, Progress progress,
      CancellationToken cancel) throws ModelLoadException, InferenceException {
    return smoothGrad(input, classIndex, settings, copiesPerRun(network.graph()), progress, cancel);
  }

  /**
   * As above, with {@code batch} noisy copies per session run: the same map up to float rounding, at another speed
   * (for measurements; the other methods use {@link #copiesPerRun}).
   */
  public Heatmap smoothGrad(Tensor input, int classIndex, SmoothGradSettings settings, int batch, Progress progress,
      CancellationToken cancel) throws InferenceException {
    Tensor x = single(input);
    // The clean image only names the class and its score: its logits are enough, no gradient.
    NetworkGradients.ClassScores clean = gradients().classScores(x, classIndex);
    int target = clean.classes()[0];
    int[] shape = sample(input);
    float sigma = (float) (settings.noise() * range.span());
    SplittableRandom random = new SplittableRandom(settings.seed());
    float[] sum = new float[shape[0] * shape[1]];
    for (int done = 0; done < settings.samples(); ) {
      cancel.throwIfCancelled();
      int n = Math.min(batch, settings.samples() - done);
      float[] noisy = noisyCopies(x.data(), n, sigma, random);
      // Summed over the batch in the graph: one [h, w] map comes back per run instead of n gradients.
      float[] maps = gradients().saliencySum(Tensor.of(noisy, n, shape[0], shape[1], shape[2]), target).data();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += maps[i] / settings.samples();
      }
      done += n;
      progress.update("SmoothGrad", done / (double) settings.samples());
    }
    Tensor map = ClassMaps.normalised(Tensor.of(sum, shape[0], shape[1]));
    return new Heatmap(map, Method.SMOOTHGRAD, inputLayer(), target, clean.scores().get(0, target));
  }

  /**
   * SmoothGrad's next {@code n} noisy copies of {@code image}, one after another: Gaussian noise of {@code sigma}
   * drawn copy by copy from {@code random}, so the copies do not depend on how many go into one run.
   */
  public static float[] noisyCopies(float[] image, int n, float sigma, SplittableRandom random) {
    float[] noisy = new float[n * image.length];
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = image[i % image.length] + (float) (random.nextGaussian() * sigma);
    }
    return noisy;
  }

  /** Noisy copies per SmoothGrad run: as many as fit {@link #SMOOTHGRAD_RUN_BYTES} of activations, 1 to 16. */
  static int copiesPerRun(LayerGraph graph) {
    long floats = 0;
    for (String layer : graph.layerNames()) {
      long n = 1;
      for (int d : graph.outputShape(layer)) {
        n *= Math.max(d, 1);
      }
      floats += n;
    }
    long perCopy = Math.max(1, floats * Float.BYTES);
    return (int) Math.max(1, Math.min(SMOOTHGRAD_MAX_BATCH, SMOOTHGRAD_RUN_BYTES / perCopy));
  }

  /** {@link #gradCam}, {@link #saliency} or {@link #smoothGrad} by name (layer only for Grad-CAM). */
  public Heatmap explain(Method method, Tensor input, int classIndex, String layer, SmoothGradSettings smoothGrad)
      throws ModelLoadException, InferenceException {
    return switch (method) {
      case GRADCAM -> gradCam(input, classIndex, layer);
      case SALIENCY -> saliency(input, classIndex);
      case SMOOTHGRAD -> smoothGrad(input, classIndex, smoothGrad);
    };
  }

  /**
   * Activation maximisation for one channel of one layer: a few hundred gradient steps (about one forward and
   * backward pass each), reporting progress after each.
   *
   * @throws java.util.concurrent.CancellationException when {@code cancel} is set
   */
  public Maximized maximize(String layer, int channel, MaximizeSettings settings, Progress progress,
      CancellationToken cancel) throws ModelLoadException, InferenceException {
    network.graph().layer(layer);
    return new ActivationMaximizer(gradients(), range).run(layer, channel, settings, progress, cancel);
  }

  /** The output of {@code layer} for one image, without its batch dimension: a forward pass of the model. */
  public Tensor activations(Tensor input, String layer) throws ModelLoadException, InferenceException {
    checkOpen();
    return model.run(single(input), List.of(layer)).get(layer).reshape(network.graph().outputShape(layer));
  }

  private Heatmap heatmap(Tensor map, Method method, String layer, NetworkGradients.ClassGradient g) {
    int c = g.classes()[0];
    return new Heatmap(map, method, layer, c, g.scores().get(0, c));
  }

  private String inputLayer() {
    return network.graph().input().name();
  }

  private Tensor single(Tensor input) {
    int[] shape = sample(input);
    return input.rank() == 4 ? input : input.reshape(1, shape[0], shape[1], shape[2]);
  }

  /** The input's shape without a batch dimension; only one image is explained at a time. */
  private int[] sample(Tensor input) {
    int[] s = input.shape();
    if (s.length == 4 && s[0] == 1) {
      return new int[] {s[1], s[2], s[3]};
    }
    if (s.length == 3) {
      return s;
    }
    throw new IllegalArgumentException("explain one image at a time: [1, h, w, c] or [h, w, c], not "
        + Tensor.formatShape(s));
  }

  /** The model's gradients (their ops join its graph at the first question of each kind). */
  private NetworkGradients gradients() {
    checkOpen();
    return model.gradients();
  }

  /** A late call from work still running when the model changed must not touch a model being closed. */
  private synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the explainer for " + network.graph().name() + " is closed");
    }
  }

  /** Refuses later questions; the model itself stays open (its owner closes it). */
  @Override
  public synchronized void close() {
    closed = true;
  }

  /** The model's graph, for callers choosing layers. */
  public LayerGraph graph() {
    return network.graph();
  }
}
