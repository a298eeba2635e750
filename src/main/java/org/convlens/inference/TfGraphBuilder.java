package org.convlens.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Turns a {@link Network} into a TensorFlow graph, one op (or a few) per Keras layer, with the weights baked in
 * as constants. DJL's TensorFlow engine has no convolution on NDArray, so the graph is built with the
 * TensorFlow Java API that ships inside DJL and then run through DJL as a SavedModel.
 */
final class TfGraphBuilder {
  static final String INPUT = "input";

  private final Ops tf;
  private final Network network;
  private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();

  private TfGraphBuilder(Ops tf, Network network) {
    this.tf = tf;
    this.network = network;
  }

  /** Adds the network to {@code tf}'s graph; returns the input placeholder's operand and every layer's output. */
  static Map<String, Operand<TFloat32>> build(Ops tf, Network network) {
    TfGraphBuilder builder = new TfGraphBuilder(tf, network);
    for (Layer layer : network.graph().layers()) {
      builder.outputs.put(layer.name(), builder.layer(layer));
    }
    return builder.outputs;
  }

  private Operand<TFloat32> layer(Layer layer) {
    List<Operand<TFloat32>> in = new ArrayList<>();
    layer.inbound().forEach(name -> in.add(outputs.get(name)));
    Ops scope = tf.withSubScope(opName(layer.name()));
    List<Tensor> w = network.weights(layer.name());
    LayerConfig config = layer.config();
    if (config instanceof LayerConfig.Input c) {
      return tf.withName(INPUT).placeholder(
          TFloat32.class, Placeholder.shape(Shape.of(-1, c.height(), c.width(), c.channels())));
    } else if (config instanceof LayerConfig.ZeroPadding2D c) {
      return scope.pad(in.get(0),
          scope.constant(new int[][] {{0, 0}, {c.top(), c.bottom()}, {c.left(), c.right()}, {0, 0}}),
          scope.constant(0f));
    } else if (config instanceof LayerConfig.Conv2D c) {
      Operand<TFloat32> y = scope.nn.conv2d(in.get(0), constant(scope, "kernel", w.get(0)),
          List.of(1L, (long) c.stride(), (long) c.stride(), 1L), c.padding().name());
      return activation(scope, c.activation(), c.useBias() ? scope.nn.biasAdd(y, constant(scope, "bias", w.get(1))) : y);
    } else if (config instanceof LayerConfig.DepthwiseConv2D c) {
      Operand<TFloat32> y = scope.nn.depthwiseConv2dNative(in.get(0), constant(scope, "depthwise_kernel", w.get(0)),
          List.of(1L, (long) c.stride(), (long) c.stride(), 1L), c.padding().name());
      return c.useBias() ? scope.nn.biasAdd(y, constant(scope, "bias", w.get(1))) : y;
    } else if (config instanceof LayerConfig.ReLU c) {
      if (c.maxValue() == 6f) {
        return scope.nn.relu6(in.get(0));
      }
      Operand<TFloat32> y = scope.nn.relu(in.get(0));
      return Float.isInfinite(c.maxValue()) ? y : scope.math.minimum(y, scope.constant(c.maxValue()));
    } else if (config instanceof LayerConfig.Dropout) {
      return scope.identity(in.get(0));
    } else if (config instanceof LayerConfig.Reshape c) {
      int[] shape = new int[c.targetShape().length + 1];
      shape[0] = -1;
      System.arraycopy(c.targetShape(), 0, shape, 1, c.targetShape().length);
      return scope.reshape(in.get(0), scope.constant(shape));
    } else if (config instanceof LayerConfig.BatchNormalization c) {
      return scope.nn.fusedBatchNorm(in.get(0),
          constant(scope, "gamma", w.get(0)), constant(scope, "beta", w.get(1)),
          constant(scope, "moving_mean", w.get(2)), constant(scope, "moving_variance", w.get(3)),
          FusedBatchNorm.epsilon(c.epsilon()), FusedBatchNorm.isTraining(false)).y();
    } else if (config instanceof LayerConfig.Activation c) {
      return activation(scope, c.function(), in.get(0));
    } else if (config instanceof LayerConfig.MaxPooling2D c) {
      return scope.nn.maxPool(in.get(0),
          scope.constant(new int[] {1, c.poolSize(), c.poolSize(), 1}),
          scope.constant(new int[] {1, c.stride(), c.stride(), 1}), c.padding().name());
    } else if (config instanceof LayerConfig.Add) {
      Operand<TFloat32> sum = in.get(0);
      for (int i = 1; i < in.size(); i++) {
        sum = scope.math.add(sum, in.get(i));
      }
      return sum;
    } else if (config instanceof LayerConfig.GlobalAveragePooling2D c) {
      return scope.math.mean(in.get(0), scope.constant(new int[] {1, 2}), Mean.keepDims(c.keepDims()));
    } else if (config instanceof LayerConfig.Dense c) {
      return activation(scope, c.activation(),
          scope.nn.biasAdd(scope.linalg.matMul(in.get(0), constant(scope, "kernel", w.get(0))),
              constant(scope, "bias", w.get(1))));
    }
    // LayerConfig is sealed: a new kind of layer must be taught to this builder.
    throw new IllegalStateException("no TensorFlow translation for " + config.kerasType());
  }

  private static Operand<TFloat32> activation(Ops scope, String function, Operand<TFloat32> x) {
    return switch (function) {
      case "relu" -> scope.nn.relu(x);
      case "softmax" -> scope.nn.softmax(x);
      default -> x;
    };
  }

  private static Operand<TFloat32> constant(Ops scope, String name, Tensor value) {
    long[] shape = new long[value.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = value.dim(i);
    }
    return scope.withName(name).constant(Shape.of(shape), DataBuffers.of(value.data(), true, false));
  }

  /** TensorFlow op names allow fewer characters than Keras layer names. */
  static String opName(String layerName) {
    String name = layerName.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    return name.matches("[A-Za-z0-9.].*") ? name : "l" + name;
  }
}
