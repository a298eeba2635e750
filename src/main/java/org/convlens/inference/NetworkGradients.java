package org.convlens.inference;

import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Symbolic gradients through a network: the network is built into a TensorFlow graph of its own (as for the
 * SavedModel, by {@link TfGraphBuilder}), TensorFlow adds the backward ops ({@link Graph#addGradients}) once per
 * kind of question, and a session of its own runs them. The questions and answers are plain tensors, so the
 * explain stage never sees TensorFlow.
 *
 * <p>The class score is the logit: the input of the final softmax when the network ends in one (a Dense or
 * Conv2D with a softmax activation, or a separate Softmax or Activation layer), otherwise the raw output.
 *
 * <p>Methods are synchronized: adding gradient ops to the graph must not race a run.
 */
public final class NetworkGradients implements AutoCloseable {
  /** Asks for the class each sample scores highest. */
  public static final int TOP_CLASS = -1;

  private final Network network;
  private final Graph graph;
  private final Session session;
  private final Ops tf;
  private final Map<String, Operand<TFloat32>> layers;
  private final Operand<TFloat32> input;
  private final Operand<TFloat32> logits;
  private final boolean softmaxHead;
  private final Map<String, ClassOps> classOps = new HashMap<>();
  private final Map<String, ChannelOps> channelOps = new HashMap<>();
  private int prefixes;

  private NetworkGradients(Network network) {
    this.network = network;
    Graph g = new Graph();
    try {
      this.tf = Ops.create(g);
      this.layers = TfGraphBuilder.build(tf, network);
      this.input = layers.get(network.graph().input().name());
      Operand<TFloat32> output = layers.get(network.graph().outputLayer());
      GraphOperation last = (GraphOperation) output.op();
      this.softmaxHead = last.type().equals("Softmax");
      this.logits = softmaxHead ? cast(last.input(0)) : output;
      // DJL's session options, so the thread settings are those of the model's own session.
      this.session = new Session(g, JavacppUtils.getSessionConfig());
      this.graph = g;
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * Builds the graph for {@code network}, starting TensorFlow first if needed. Costs about what a SavedModel
   * export costs (a second for ResNet50V2); the first question of each kind then pays TensorFlow's graph
   * optimisation once.
   */
  public static NetworkGradients open(Network network) throws ModelLoadException {
    TensorFlowRuntime.start();
    try {
      return new NetworkGradients(network);
    } catch (RuntimeException e) {
      throw new ModelLoadException("cannot build the gradient graph for " + network.graph().name() + ": "
          + e.getMessage(), e);
    }
  }

  public Network network() {
    return network;
  }

  /** Whether the class score is taken before a final softmax (true) or is the raw output (false). */
  public boolean logitsBeforeSoftmax() {
    return softmaxHead;
  }

  /** The number of class scores, or 0 when the network ends in feature maps (no classes to explain). */
  public int classCount() {
    Shape shape = logits.shape();
    return shape.numDimensions() == 2 ? (int) shape.size(1) : 0;
  }

  /**
   * The class score's gradient w.r.t. layer {@code wrt} (the input layer's name for the image), per sample.
   *
   * @param input {@code [n, h, w, c]}, preprocessed
   * @param classIndex the class, or {@link #TOP_CLASS} for each sample's highest score
   */
  public synchronized ClassGradient classGradient(Tensor input, int classIndex, String wrt)
      throws InferenceException {
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
    ClassOps ops = classOps.computeIfAbsent(wrt, this::classOps);
    int n = input.dim(0);
    int[] chosen = new int[n];
    Arrays.fill(chosen, classIndex);
    try (TFloat32 x = tensor(input);
        TInt32 c = TInt32.vectorOf(chosen);
        Result r = feed(x, classIndex == TOP_CLASS ? null : c, ops.classes)
            .fetch(logits).fetch(ops.usedClasses).fetch(ops.activations).fetch(ops.gradient).run()) {
      TInt32 used = (TInt32) r.get(1);
      int[] usedClasses = new int[n];
      for (int i = 0; i < n; i++) {
        usedClasses[i] = used.getInt(i);
      }
      return new ClassGradient(read(r.get(0)), usedClasses, read(r.get(2)), read(r.get(3)));
    } catch (RuntimeException e) {
      throw new InferenceException("TensorFlow failed computing gradients w.r.t. " + wrt + ": " + e.getMessage(), e);
    }
  }

  /** The output of {@code layer} for {@code input} ({@code [n, h, w, c]}): a forward pass, no gradient. */
  public synchronized Tensor layerOutput(Tensor input, String layer) throws InferenceException {
    network.graph().layer(layer);
    try (TFloat32 x = tensor(input);
        Result r = session.runner().feed(this.input, x).fetch(layers.get(layer)).run()) {
      return read(r.get(0));
    } catch (RuntimeException e) {
      throw new InferenceException("TensorFlow failed computing layer " + layer + ": " + e.getMessage(), e);
    }
  }

  /**
   * The gradient w.r.t. the input image of {@code sum(weights * layer output)}, per sample: with
   * {@code weights} one over the positions at one channel, the channel's mean activation.
   *
   * @param weights the layer's output shape without the batch dimension
   */
  public synchronized ObjectiveGradient objectiveGradient(Tensor input, String layer, Tensor weights)
      throws InferenceException {
    int[] shape = network.graph().outputShape(layer);
    if (!Arrays.equals(shape, weights.shape())) {
      throw new IllegalArgumentException("weights of shape " + Tensor.formatShape(weights.shape())
          + " for layer '" + layer + "' of shape " + Tensor.formatShape(shape));
    }
    ChannelOps ops = channelOps.computeIfAbsent(layer, this::channelOps);
    int[] batched = new int[shape.length + 1];
    batched[0] = 1;
    System.arraycopy(shape, 0, batched, 1, shape.length);
    try (TFloat32 x = tensor(input);
        TFloat32 w = tensor(weights.reshape(batched));
        Result r = session.runner().feed(this.input, x).feed(ops.weights, w)
            .fetch(ops.values).fetch(ops.gradient).run()) {
      return new ObjectiveGradient(read(r.get(0)).data(), read(r.get(1)));
    } catch (RuntimeException e) {
      throw new InferenceException("TensorFlow failed computing gradients of layer " + layer + ": "
          + e.getMessage(), e);
    }
  }

  private Session.Runner feed(TFloat32 x, TInt32 classes, Operand<TInt32> placeholder) {
    Session.Runner runner = session.runner().feed(input, x);
    return classes == null ? runner : runner.feed(placeholder, classes);
  }

  /** d logit[class] / d wrt, with the class fed or, by default, each sample's top one. */
  private ClassOps classOps(String wrt) {
    Operand<TFloat32> target = layer(wrt);
    Ops s = tf.withSubScope("class_gradients_" + prefixes);
    Operand<TInt32> top = s.dtypes.cast(s.math.argMax(logits, s.constant(1)), TInt32.class);
    Operand<TInt32> classes = s.placeholderWithDefault(top, Shape.of(-1));
    Operand<TFloat32> oneHot = s.oneHot(classes, s.constant(classCount()), s.constant(1f), s.constant(0f));
    // Samples are independent, so the gradient of the sum over the batch is each sample's own gradient.
    Operand<TFloat32> score = s.reduceSum(s.math.mul(logits, oneHot), s.constant(new int[] {0, 1}));
    // A fed tensor cannot be fetched as well: the classes used and the input come back through identities.
    return new ClassOps(classes, s.identity(classes), s.identity(target), gradient(score, target));
  }

  private ChannelOps channelOps(String layer) {
    Operand<TFloat32> target = layer(layer);
    int rank = network.graph().outputShape(layer).length + 1;
    Ops s = tf.withSubScope("objective_gradients_" + prefixes);
    long[] shape = new long[rank];
    Arrays.fill(shape, -1);
    shape[0] = 1;
    Operand<TFloat32> weights = s.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    int[] axes = new int[rank - 1];
    Arrays.setAll(axes, i -> i + 1);
    Operand<TFloat32> values = s.reduceSum(s.math.mul(target, weights), s.constant(axes));
    Operand<TFloat32> total = s.reduceSum(values, s.constant(new int[] {0}));
    return new ChannelOps(weights, values, gradient(total, input));
  }

  private Operand<TFloat32> gradient(Operand<TFloat32> scalar, Operand<TFloat32> wrt) {
    Output<?>[] grads = graph.addGradients("gradients_" + prefixes++,
        new Output<?>[] {scalar.asOutput()}, new Output<?>[] {wrt.asOutput()}, null);
    return cast(grads[0]);
  }

  private Operand<TFloat32> layer(String name) {
    Operand<TFloat32> op = layers.get(name);
    if (op == null) {
      throw new IllegalArgumentException("model " + network.graph().name() + " has no layer named '" + name + "'");
    }
    return op;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> cast(Output<?> output) {
    return (Operand<TFloat32>) output;
  }

  private static TFloat32 tensor(Tensor t) {
    long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(t.data(), true, false));
  }

  private static Tensor read(org.tensorflow.Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] data = new float[Math.toIntExact(f.shape().size())];
    f.copyTo(DataBuffers.of(data, false, false));
    return Tensor.of(data, Arrays.stream(f.shape().asArray()).mapToInt(Math::toIntExact).toArray());
  }

  @Override
  public synchronized void close() {
    try (Graph g = graph) {
      session.close();
    }
  }

  /**
   * @param scores the class scores (logits), {@code [n, classes]}
   * @param classes the class explained for each sample
   * @param activations the layer's output, batch first
   * @param gradient d score / d activations, same shape
   */
  public record ClassGradient(Tensor scores, int[] classes, Tensor activations, Tensor gradient) {}

  /**
   * @param values the objective for each sample
   * @param gradient its gradient w.r.t. the input, {@code [n, h, w, c]}
   */
  public record ObjectiveGradient(float[] values, Tensor gradient) {}

  private record ClassOps(Operand<TInt32> classes, Operand<TInt32> usedClasses, Operand<TFloat32> activations,
      Operand<TFloat32> gradient) {}

  private record ChannelOps(Operand<TFloat32> weights, Operand<TFloat32> values, Operand<TFloat32> gradient) {}
}
