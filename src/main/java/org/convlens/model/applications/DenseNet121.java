package org.convlens.model.applications;

import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Merges;
import org.convlens.model.NetworkStage;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;

/**
 * Keras's DenseNet121 ({@code keras.applications.DenseNet121}) as a layer graph with Keras's layer names. Mirrors
 * {@code keras/src/applications/densenet.py} with blocks {@code [6, 12, 24, 16]}: dense blocks of pre-activation
 * conv blocks (growth rate 32) joined by concatenation, transition blocks that halve the channels and average-pool,
 * batch norms over axis 3 with epsilon 1.001e-5. The two stem pads are unnamed in Keras.
 */
public final class DenseNet121 {
  public static final String NAME = "densenet121";
  public static final int INPUT_SIZE = 224;
  public static final String PREDICTIONS = "predictions";
  public static final float BN_EPSILON = 1.001e-5f;
  static final int GROWTH_RATE = 32;

  /** The stem's ReLU and the output of each dense block (the last one after the final batch norm and ReLU). */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("conv1", "conv1_relu"),
          new NetworkStage("conv2", "conv2_block6_concat"),
          new NetworkStage("conv3", "conv3_block12_concat"),
          new NetworkStage("conv4", "conv4_block24_concat"),
          new NetworkStage("conv5", "relu"));

  private static final LayerConfig BN = new Normalizations.BatchNormalization(3, BN_EPSILON, true, true);
  private static final LayerConfig RELU = new ActivationLayers.Activation(ActivationFunction.RELU);

  private final FunctionalBuilder b = new FunctionalBuilder();

  private DenseNet121() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    DenseNet121 d = new DenseNet121();
    FunctionalBuilder b = d.b;
    String x = b.input(INPUT_SIZE);
    x = b.auto("zero_padding2d", Reshaping.ZeroPadding2D.symmetric(3), x);
    x = b.add("conv1_conv", new Convolutions.Conv2D(64, 7, 7, 2, Padding.VALID, false), x);
    x = b.add("conv1_bn", BN, x);
    x = b.add("conv1_relu", RELU, x);
    x = b.auto("zero_padding2d", Reshaping.ZeroPadding2D.symmetric(1), x);
    x = b.add("pool1", new Pooling.MaxPooling2D(3, 2, Padding.VALID), x);
    x = d.denseBlock(x, 6, "conv2");
    x = d.transition(x, "pool2");
    x = d.denseBlock(x, 12, "conv3");
    x = d.transition(x, "pool3");
    x = d.denseBlock(x, 24, "conv4");
    x = d.transition(x, "pool4");
    x = d.denseBlock(x, 16, "conv5");
    x = b.add("bn", BN, x);
    x = b.add("relu", RELU, x);
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  private String denseBlock(String x, int blocks, String name) {
    for (int i = 1; i <= blocks; i++) {
      x = convBlock(x, name + "_block" + i);
    }
    return x;
  }

  /** Keras's {@code transition_block} with reduction 0.5. */
  private String transition(String x, String name) {
    x = b.add(name + "_bn", BN, x);
    x = b.add(name + "_relu", RELU, x);
    x = b.add(name + "_conv", new Convolutions.Conv2D(b.channels(x) / 2, 1, 1, 1, Padding.VALID, false), x);
    return b.add(name + "_pool", new Pooling.AveragePooling2D(Window.square(2, 2, Padding.VALID)), x);
  }

  /** Keras's {@code conv_block}: 32 new channels concatenated to the input. */
  private String convBlock(String x, String name) {
    String y = b.add(name + "_0_bn", BN, x);
    y = b.add(name + "_0_relu", RELU, y);
    y = b.add(name + "_1_conv", new Convolutions.Conv2D(4 * GROWTH_RATE, 1, 1, 1, Padding.VALID, false), y);
    y = b.add(name + "_1_bn", BN, y);
    y = b.add(name + "_1_relu", RELU, y);
    y = b.add(name + "_2_conv", new Convolutions.Conv2D(GROWTH_RATE, 3, 3, 1, Padding.SAME, false), y);
    return b.add(name + "_concat", new Merges.Concatenate(3), x, y);
  }
}
