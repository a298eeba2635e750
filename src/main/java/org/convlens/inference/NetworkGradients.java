package org.convlens.inference;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_Dim;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.IntPointer;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Symbolic gradients through a loaded model, in the model's own TensorFlow session: the backward ops are added
 * ({@link GraphOps}) to the graph DJL holds for the SavedModel, once per kind of question, and run there, next to
 * the forward pass, on the same weights (the checkpoint's variables). No second graph is built and no second copy
 * of the weights is made. The questions and answers are plain tensors, so the explain stage never sees TensorFlow.
 *
 * <p>The class score is the logit: the input of the final softmax when the network ends in one (a Dense or
 * Conv2D with a softmax activation, or a separate Softmax or Activation layer), otherwise the raw output.
 *
 * <p>Made by {@link ModelService#gradients} and valid while the model is open. Every method holds the model's
 * lock: adding ops to the graph must not race a run, and one forward or backward pass at a time is what two cores
 * can do anyway.
 */
public final class NetworkGradients {
  /** Asks for the class each sample scores highest. */
  public static final int TOP_CLASS = -1;

  private final ModelService owner;
  private final Network network;
  private final TF_Session session;
  private final LayerFetcher names;
  private final GraphOps ops;
  private final GraphOps.Port input;
  private final GraphOps.Port logits;
  private final boolean softmaxHead;
  private final Map<String, ClassOps> classOps = new HashMap<>();
  private final Map<String, ChannelOps> channelOps = new HashMap<>();
  private final boolean asBuilt;
  private GraphOps.Port saliencySum;
  private NetworkGradients asBuiltByTensorFlow;

  NetworkGradients(ModelService owner, TF_Graph graph, TF_Session session, LayerFetcher names) {
    this(owner, new GraphOps(graph), session, names, false);
  }

  /** @param asBuilt whether the gradient ops stay as TensorFlow builds them, or are made cheaper */
  private NetworkGradients(ModelService owner, GraphOps ops, TF_Session session, LayerFetcher names,
      boolean asBuilt) {
    this.owner = owner;
    this.network = owner.network();
    this.session = session;
    this.names = names;
    this.ops = ops;
    this.asBuilt = asBuilt;
    this.input = ops.port(names.inputName());
    GraphOps.Port output = layer(network.graph().outputLayer());
    this.softmaxHead = GraphOps.opType(output).equals("Softmax");
    this.logits = softmaxHead ? GraphOps.input(output, 0) : output;
  }

  public Network network() {
    return network;
  }

  /**
   * The same questions answered by TensorFlow's gradient ops exactly as it builds them, without {@link
   * CheaperGradients}' rewrites: to compare against, in tests and benchmarks. Its ops join the same graph.
   */
  public NetworkGradients asBuiltByTensorFlow() {
    synchronized (owner) {
      if (asBuiltByTensorFlow == null) {
        asBuiltByTensorFlow = asBuilt ? this : new NetworkGradients(owner, ops, session, names, true);
      }
      return asBuiltByTensorFlow;
    }
  }

  /** Whether the class score is taken before a final softmax (true) or is the raw output (false). */
  public boolean logitsBeforeSoftmax() {
    return softmaxHead;
  }

  /** The number of class scores, or 0 when the network ends in feature maps (no classes to explain). */
  public int classCount() {
    int[] shape = network.graph().outputShape(network.graph().outputLayer());
    return shape.length == 1 ? shape[0] : 0;
  }

  /**
   * The class score's gradient w.r.t. layer {@code wrt} (the input layer's name for the image), per sample: a
   * batch of {@code n} samples costs one run.
   *
   * @param input {@code [n, h, w, c]}, preprocessed
   * @param classIndex the class, or {@link #TOP_CLASS} for each sample's highest score
   */
  public ClassGradient classGradient(Tensor input, int classIndex, String wrt) throws InferenceException {
    checkClass(classIndex);
    boolean toInput = wrt.equals(network.graph().input().name());
    synchronized (owner) {
      owner.checkOpen();
      ClassOps q = classOps.computeIfAbsent(wrt, this::classOps);
      int n = input.dim(0);
      List<GraphOps.Port> fetch = new ArrayList<>(List.of(logits, q.gradient()));
      if (!toInput) {
        fetch.add(q.activations());
      }
      try (TF_Tensor x = LayerFetcher.toTensor(input);
          TF_Tensor chosen = classIndex == TOP_CLASS ? null : classTensor(n, classIndex)) {
        List<Tensor> out = classIndex == TOP_CLASS
            ? run(List.of(this.input), List.of(x), fetch)
            : run(List.of(this.input, q.classes()), List.of(x, chosen), fetch);
        Tensor scores = out.get(0);
        return new ClassGradient(scores, usedClasses(scores, classIndex), toInput ? input : out.get(2), out.get(1));
      } catch (RuntimeException e) {
        throw new InferenceException("TensorFlow failed computing gradients w.r.t. " + wrt + ": " + e.getMessage(),
            e);
      }
    }
  }

  /**
   * The class scores alone, for a class's name and score without its gradient: a forward pass (TensorFlow runs
   * only what the fetched logits need).
   *
   * @param input {@code [n, h, w, c]}, preprocessed
   * @param classIndex the class, or {@link #TOP_CLASS} for each sample's highest score
   */
  public ClassScores classScores(Tensor input, int classIndex) throws InferenceException {
    checkClass(classIndex);
    synchronized (owner) {
      owner.checkOpen();
      try (TF_Tensor x = LayerFetcher.toTensor(input)) {
        Tensor scores = run(List.of(this.input), List.of(x), List.of(logits)).get(0);
        return new ClassScores(scores, usedClasses(scores, classIndex));
      } catch (RuntimeException e) {
        throw new InferenceException("TensorFlow failed computing the class scores: " + e.getMessage(), e);
      }
    }
  }

  /**
   * SmoothGrad's share of a batch, reduced in the graph: the sum over the samples of each pixel's saliency (the
   * largest {@code |d score / d input|} over the colour channels), {@code [h, w]}. Only this one map is copied
   * back, not the batch's gradients.
   *
   * @param input {@code [n, h, w, c]}, preprocessed
   * @param classIndex the class every sample is explained for
   */
  public Tensor saliencySum(Tensor input, int classIndex) throws InferenceException {
    checkClass(classIndex);
    if (classIndex == TOP_CLASS) {
      throw new IllegalArgumentException("a saliency sum explains one class for all samples: give the class");
    }
    synchronized (owner) {
      owner.checkOpen();
      ClassOps q = classOps.computeIfAbsent(network.graph().input().name(), this::classOps);
      if (saliencySum == null) {
        saliencySum = saliencyReduction(q.gradient());
      }
      try (TF_Tensor x = LayerFetcher.toTensor(input); TF_Tensor chosen = classTensor(input.dim(0), classIndex)) {
        return run(List.of(this.input, q.classes()), List.of(x, chosen), List.of(saliencySum)).get(0);
      } catch (RuntimeException e) {
        throw new InferenceException("TensorFlow failed computing saliency w.r.t. the input: " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code |g|}, the largest over colour, summed over the batch: {@code [h, w]}. When the gradient was spread into
   * 2x2 blocks last ({@link CheaperGradients}' first-layer rewrite, a DepthToSpace), the reduction runs on the
   * blocks before the spreading, which then moves one small map instead of every copy's whole gradient.
   */
  private GraphOps.Port saliencyReduction(GraphOps.Port g) {
    long[] shape = ops.shape(g);
    boolean blocks = GraphOps.opType(g).equals("DepthToSpace") && GraphOps.attr(g.op(), "block_size").getI() == 2
        && GraphOps.attr(g.op(), "data_format").getS().toStringUtf8().equals("NHWC")
        && shape != null && shape.length == 4 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0;
    if (!blocks) {
      return ops.sum(ops.max(ops.abs(g), 3), 0);
    }
    int h = (int) shape[1] / 2;
    int w = (int) shape[2] / 2;
    // DepthToSpace's input channel (dh * 2 + dw) * colours + c goes to pixel (2y + dh, 2x + dw), colour c.
    GraphOps.Port byBlock = ops.reshape(GraphOps.input(g, 0), -1, h, w, 4, (int) shape[3]);
    GraphOps.Port summed = ops.sum(ops.max(ops.abs(byBlock), 4), 0);
    return ops.reshape(ops.depthToSpace(ops.reshape(summed, 1, h, w, 4), 2), 2 * h, 2 * w);
  }

  /**
   * The gradient w.r.t. the input image of {@code sum(weights * layer output)}, per sample: with
   * {@code weights} one over the positions at one channel, the channel's mean activation.
   *
   * @param weights the layer's output shape without the batch dimension
   */
  public ObjectiveGradient objectiveGradient(Tensor input, String layer, Tensor weights) throws InferenceException {
    int[] shape = network.graph().outputShape(layer);
    if (!Arrays.equals(shape, weights.shape())) {
      throw new IllegalArgumentException("weights of shape " + Tensor.formatShape(weights.shape())
          + " for layer '" + layer + "' of shape " + Tensor.formatShape(shape));
    }
    int[] batched = new int[shape.length + 1];
    batched[0] = 1;
    System.arraycopy(shape, 0, batched, 1, shape.length);
    synchronized (owner) {
      owner.checkOpen();
      ChannelOps q = channelOps.computeIfAbsent(layer, this::channelOps);
      try (TF_Tensor x = LayerFetcher.toTensor(input); TF_Tensor w = LayerFetcher.toTensor(weights.reshape(batched))) {
        List<Tensor> out = run(List.of(this.input, q.weights()), List.of(x, w), List.of(q.values(), q.gradient()));
        return new ObjectiveGradient(out.get(0).data(), out.get(1));
      } catch (RuntimeException e) {
        throw new InferenceException("TensorFlow failed computing gradients of layer " + layer + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void checkClass(int classIndex) {
    int classes = classCount();
    if (classes == 0) {
      throw new IllegalArgumentException("model " + network.graph().name() + " ends in feature maps of shape "
          + Tensor.formatShape(network.graph().outputShape(network.graph().outputLayer()))
          + ", not class scores: there is no class to explain; use a model with its classifier head");
    }
    if (classIndex != TOP_CLASS && (classIndex < 0 || classIndex >= classes)) {
      throw new IllegalArgumentException("class " + classIndex + " does not exist: model "
          + network.graph().name() + " has classes 0 to " + (classes - 1));
    }
  }

  /** d logit[class] / d wrt, with the class fed or, by default, each sample's top one. */
  private ClassOps classOps(String wrt) {
    GraphOps.Port target = wrt.equals(network.graph().input().name()) ? input : layer(wrt);
    GraphOps.Port classes = ops.placeholderWithDefault(ops.argMax(logits, 1), new long[] {-1});
    // Samples are independent, so the gradient of the sum over the batch is each sample's own gradient.
    GraphOps.Port score = ops.sum(ops.mul(logits, ops.oneHot(classes, classCount())), 0, 1);
    return new ClassOps(classes, target, ops.gradient(score, target, asBuilt));
  }

  private ChannelOps channelOps(String layer) {
    GraphOps.Port target = layer(layer);
    int rank = network.graph().outputShape(layer).length + 1;
    long[] shape = new long[rank];
    Arrays.fill(shape, -1);
    shape[0] = 1;
    GraphOps.Port weights = ops.placeholder(shape);
    int[] axes = new int[rank - 1];
    Arrays.setAll(axes, i -> i + 1);
    GraphOps.Port values = ops.sum(ops.mul(target, weights), axes);
    return new ChannelOps(weights, values, ops.gradient(ops.sum(values, 0), input, asBuilt));
  }

  private GraphOps.Port layer(String name) {
    String tensor = names.tensorName(name);
    if (tensor == null) {
      throw new IllegalArgumentException("model " + network.graph().name() + " has no layer named '" + name + "'");
    }
    return ops.port(tensor);
  }

  /** One session run; every tensor it returns is copied to Java memory and freed. */
  private List<Tensor> run(List<GraphOps.Port> feeds, List<TF_Tensor> values, List<GraphOps.Port> fetches) {
    TF_Tensor[] outputs = JavacppUtils.runSession(session, null, values.toArray(TF_Tensor[]::new),
        feeds.stream().map(GraphOps.Port::op).toArray(TF_Operation[]::new),
        feeds.stream().mapToInt(GraphOps.Port::index).toArray(),
        fetches.stream().map(GraphOps.Port::op).toArray(TF_Operation[]::new),
        fetches.stream().mapToInt(GraphOps.Port::index).toArray(), new TF_Operation[0]);
    List<Tensor> result = new ArrayList<>();
    try {
      for (TF_Tensor t : outputs) {
        int[] shape = new int[TF_NumDims(t)];
        Arrays.setAll(shape, i -> Math.toIntExact(TF_Dim(t, i)));
        result.add(Tensor.of(LayerFetcher.values(t), shape));
      }
    } finally {
      for (TF_Tensor t : outputs) {
        t.close();
      }
    }
    return result;
  }

  private static TF_Tensor classTensor(int n, int classIndex) {
    TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_INT32, new long[] {n}, (long) n * Integer.BYTES);
    int[] chosen = new int[n];
    Arrays.fill(chosen, classIndex);
    new IntPointer(TF_TensorData(t)).capacity(n).put(chosen);
    return t;
  }

  /** The class explained for each sample: the one asked for, or its top score (the first of equal ones, as ArgMax). */
  private static int[] usedClasses(Tensor scores, int classIndex) {
    int n = scores.dim(0);
    int classes = scores.dim(1);
    int[] used = new int[n];
    for (int i = 0; i < n; i++) {
      if (classIndex != TOP_CLASS) {
        used[i] = classIndex;
        continue;
      }
      for (int c = 1; c < classes; c++) {
        if (scores.data()[i * classes + c] > scores.data()[i * classes + used[i]]) {
          used[i] = c;
        }
      }
    }
    return used;
  }

  /**
   * @param scores the class scores (logits), {@code [n, classes]}
   * @param classes the class explained for each sample
   * @param activations the layer's output, batch first
   * @param gradient d score / d activations, same shape
   */
  public record ClassGradient(Tensor scores, int[] classes, Tensor activations, Tensor gradient) {}

  /**
   * @param scores the class scores (logits), {@code [n, classes]}
   * @param classes the class explained for each sample
   */
  public record ClassScores(Tensor scores, int[] classes) {}

  /**
   * @param values the objective for each sample
   * @param gradient its gradient w.r.t. the input, {@code [n, h, w, c]}
   */
  public record ObjectiveGradient(float[] values, Tensor gradient) {}

  private record ClassOps(GraphOps.Port classes, GraphOps.Port activations, GraphOps.Port gradient) {}

  private record ChannelOps(GraphOps.Port weights, GraphOps.Port values, GraphOps.Port gradient) {}
}
