package org.convlens.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.inference.ops.ActivationOps;
import org.convlens.inference.ops.ApplicationOps;
import org.convlens.inference.ops.ConvolutionOps;
import org.convlens.inference.ops.CoreOps;
import org.convlens.inference.ops.FusedConvolutionOps;
import org.convlens.inference.ops.LayerInputs;
import org.convlens.inference.ops.MergeOps;
import org.convlens.inference.ops.NormalizationOps;
import org.convlens.inference.ops.PoolingOps;
import org.convlens.inference.ops.PreprocessingOps;
import org.convlens.inference.ops.ReshapingOps;
import org.convlens.inference.ops.WeightOps;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.ApplicationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.Merges;
import org.convlens.model.Network;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Turns a {@link Network} into a TensorFlow graph, one op (or a few) per Keras layer, with the weights baked in
 * as constants or (for a SavedModel) as variables. DJL's TensorFlow engine has no convolution on NDArray, so the graph is built with the
 * TensorFlow Java API that ships inside DJL and then run through DJL as a SavedModel.
 */
final class TfGraphBuilder {
  static final String INPUT = "input";
  /** The scope of the fast path's ops (a layer of this very name would clash: none of Keras's models has one). */
  static final String FAST_SCOPE = "convlens_fast";

  private final Ops tf;
  private final Network network;
  private final WeightOps weightOps;
  private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();

  private TfGraphBuilder(Ops tf, Network network, WeightOps weightOps) {
    this.tf = tf;
    this.network = network;
    this.weightOps = weightOps;
  }

  /**
   * Adds the network to {@code tf}'s graph with its weights as constants; returns the input placeholder's operand
   * and every layer's output.
   */
  static Map<String, Operand<TFloat32>> build(Ops tf, Network network) {
    return build(tf, network, WeightOps.CONSTANTS);
  }

  /** As {@link #build(Ops, Network)}, with the weights entering the graph through {@code weightOps}. */
  static Map<String, Operand<TFloat32>> build(Ops tf, Network network, WeightOps weightOps) {
    TfGraphBuilder builder = new TfGraphBuilder(tf, network, weightOps);
    for (Layer layer : network.graph().layers()) {
      builder.outputs.put(layer.name(), builder.layer(layer));
    }
    return builder.outputs;
  }

  /** Every layer's output as {@link #build} makes them, and the fast path's outputs for the wanted layers. */
  record WithFastPath(Map<String, Operand<TFloat32>> layers, Map<String, Operand<TFloat32>> fast) {}

  /**
   * {@link #build}, then a twin computing {@code wanted} faster for inference: each BatchNormalization after a
   * convolution folded into it (new weights: the kernel scaled, the bias shifted), each ZeroPadding2D before a
   * convolution made the convolution's explicit padding (see {@link Fusions}). Every other layer of the twin is
   * as in {@link #build} and shares its weights. The twin starts from the same input placeholder and lives under
   * its own scope: the original layer ops stay untouched for on-demand layers and gradients, and TensorFlow runs
   * only what a fetch needs.
   */
  static WithFastPath buildWithFastPath(Ops tf, Network network, WeightOps weightOps, Collection<String> wanted) {
    WeightOps shared = new SharedWeights(weightOps);
    Map<String, Operand<TFloat32>> layers = build(tf, network, shared);
    Fusions fusions = Fusions.plan(network.graph(), wanted);
    TfGraphBuilder twin = new TfGraphBuilder(tf.withSubScope(FAST_SCOPE), network, shared);
    String input = network.graph().input().name();
    twin.outputs.put(input, layers.get(input));
    for (Layer layer : network.graph().layers()) {
      if (!layer.name().equals(input) && !fusions.absorbed(layer.name())) {
        twin.outputs.put(layer.name(), twin.fastLayer(layer, fusions));
      }
    }
    Map<String, Operand<TFloat32>> fast = new LinkedHashMap<>();
    wanted.forEach(layer -> fast.put(layer, twin.outputs.get(layer)));
    return new WithFastPath(layers, fast);
  }

  private Operand<TFloat32> fastLayer(Layer layer, Fusions fusions) {
    String convName = fusions.foldedConv().get(layer.name());
    Layer conv = convName != null ? network.graph().layer(convName) : layer;
    String padName = fusions.explicitPad().get(conv.name());
    if (convName == null && padName == null) {
      return layer(layer);
    }
    Layer first = padName != null ? network.graph().layer(padName) : conv;
    String source = first.inbound().get(0);
    LayerInputs in = new LayerInputs(tf.withSubScope(opName(layer.name())), List.of(outputs.get(source)),
        List.of(network.graph().outputShape(source)), List.of(), weightOps);
    Reshaping.ZeroPadding2D pad = padName != null ? (Reshaping.ZeroPadding2D) first.config() : null;
    Convolutions config = (Convolutions) conv.config();
    List<Tensor> weights = network.weights(conv.name());
    if (convName != null) {
      FusedConvolutionOps.Folded folded = FusedConvolutionOps.foldBatchNorm(weights,
          (Normalizations.BatchNormalization) layer.config(), network.weights(layer.name()));
      return FusedConvolutionOps.conv(in, config, pad, folded.kernel(), folded.bias());
    }
    boolean bias = config instanceof Convolutions.Conv2D c ? c.useBias() : ((Convolutions.DepthwiseConv2D) config).useBias();
    ActivationFunction activation = config instanceof Convolutions.Conv2D c ? c.activation()
        : ((Convolutions.DepthwiseConv2D) config).activation();
    Operand<TFloat32> y = FusedConvolutionOps.conv(in, config, pad, weights.get(0), bias ? weights.get(1) : null);
    return ActivationOps.apply(in.scope(), activation, y);
  }

  private Operand<TFloat32> layer(Layer layer) {
    List<Operand<TFloat32>> in = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    for (String name : layer.inbound()) {
      in.add(outputs.get(name));
      shapes.add(network.graph().outputShape(name));
    }
    LayerConfig config = layer.config();
    if (config instanceof LayerConfig.Input c) {
      return tf.withName(INPUT).placeholder(
          TFloat32.class, Placeholder.shape(Shape.of(-1, c.height(), c.width(), c.channels())));
    }
    Ops scope = tf.withSubScope(opName(layer.name()));
    Operand<TFloat32> y = translate(config, new LayerInputs(scope, in, shapes, network.weights(layer.name()), weightOps));
    // A layer that passes its input through (a linear activation) still needs an output of its own to be named.
    return in.contains(y) ? scope.identity(y) : y;
  }

  /**
   * Weights made once per array: the fast path's unfused layers get the operands the original layers already
   * have, so TensorFlow holds their values once.
   */
  private static final class SharedWeights implements WeightOps {
    private final WeightOps weightOps;
    private final Map<float[], List<Operand<TFloat32>>> made = new IdentityHashMap<>();

    SharedWeights(WeightOps weightOps) {
      this.weightOps = weightOps;
    }

    @Override
    public Operand<TFloat32> create(Ops scope, Shape shape, float[] values) {
      List<Operand<TFloat32>> same = made.computeIfAbsent(values, v -> new ArrayList<>());
      for (Operand<TFloat32> op : same) {
        if (op.shape().equals(shape)) {
          return op;
        }
      }
      Operand<TFloat32> op = weightOps.create(scope, shape, values);
      same.add(op);
      return op;
    }
  }

  private static Operand<TFloat32> translate(LayerConfig config, LayerInputs x) {
    // One translator per layer family; LayerConfig is sealed, so a new family must be taught here.
    if (config instanceof Convolutions c) {
      return ConvolutionOps.translate(x, c);
    } else if (config instanceof Normalizations c) {
      return NormalizationOps.translate(x, c);
    } else if (config instanceof ActivationLayers c) {
      return ActivationOps.translate(x, c);
    } else if (config instanceof Merges c) {
      return MergeOps.translate(x, c);
    } else if (config instanceof Pooling c) {
      return PoolingOps.translate(x, c);
    } else if (config instanceof Reshaping c) {
      return ReshapingOps.translate(x, c);
    } else if (config instanceof CoreLayers c) {
      return CoreOps.translate(x, c);
    } else if (config instanceof PreprocessingLayers c) {
      return PreprocessingOps.translate(x, c);
    } else if (config instanceof ApplicationLayers c) {
      return ApplicationOps.translate(x, c);
    }
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  /** TensorFlow op names allow fewer characters than Keras layer names. */
  static String opName(String layerName) {
    String name = layerName.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    return name.matches("[A-Za-z0-9.].*") ? name : "l" + name;
  }
}
