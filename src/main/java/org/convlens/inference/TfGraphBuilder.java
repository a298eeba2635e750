package org.convlens.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.inference.ops.ActivationOps;
import org.convlens.inference.ops.ApplicationOps;
import org.convlens.inference.ops.ConvolutionOps;
import org.convlens.inference.ops.CoreOps;
import org.convlens.inference.ops.LayerInputs;
import org.convlens.inference.ops.MergeOps;
import org.convlens.inference.ops.NormalizationOps;
import org.convlens.inference.ops.PoolingOps;
import org.convlens.inference.ops.PreprocessingOps;
import org.convlens.inference.ops.ReshapingOps;
import org.convlens.inference.ops.WeightOps;
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
