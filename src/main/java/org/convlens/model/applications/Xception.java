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
import org.convlens.model.Window;

/**
 * Keras's Xception ({@code keras.applications.Xception}) with Keras's layer names. Mirrors
 * {@code keras/src/applications/xception.py}: separable convolutions without bias, batch norm with Keras's default
 * epsilon 1e-3, and the strided 1x1 shortcut convolutions, batch norms and additions that the source leaves unnamed
 * ({@code conv2d_N}, {@code batch_normalization_N}, {@code add_N}).
 */
public final class Xception {
  public static final String NAME = "xception";
  public static final int INPUT_SIZE = 299;

  /**
   * One tab per resolution (147, 74, 37, 19, 10): the entry convolutions, then the last layer before each
   * strided pool, then the exit flow's output.
   */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("block1", "block1_conv2_act"),
          new NetworkStage("block3", "block3_sepconv2_bn"),
          new NetworkStage("block4", "block4_sepconv2_bn"),
          new NetworkStage("block13", "block13_sepconv2_bn"),
          new NetworkStage("block14", "block14_sepconv2_act"));

  public static final String PREDICTIONS = "predictions";
  private static final float BN_EPSILON = 1e-3f;
  private static final LayerConfig RELU = new ActivationLayers.Activation(ActivationFunction.RELU);

  private final FunctionalBuilder b = new FunctionalBuilder();

  private Xception() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    Xception m = new Xception();
    FunctionalBuilder b = m.b;
    String x = b.input(INPUT_SIZE);
    x = b.add("block1_conv1", conv(32, 3, 2, Padding.VALID), x);
    x = b.add("block1_conv1_bn", bn(), x);
    x = b.add("block1_conv1_act", RELU, x);
    x = b.add("block1_conv2", conv(64, 3, 1, Padding.VALID), x);
    x = b.add("block1_conv2_bn", bn(), x);
    x = b.add("block1_conv2_act", RELU, x);
    // Block 2 starts without an activation: block1_conv2_act has just applied one.
    x = m.downsampling(x, 2, 128, 128, false);
    x = m.downsampling(x, 3, 256, 256, true);
    x = m.downsampling(x, 4, 728, 728, true);
    for (int i = 5; i <= 12; i++) {
      x = m.middle(x, "block" + i);
    }
    x = m.downsampling(x, 13, 728, 1024, true);
    x = b.add("block14_sepconv1", sepconv(1536), x);
    x = b.add("block14_sepconv1_bn", bn(), x);
    x = b.add("block14_sepconv1_act", RELU, x);
    x = b.add("block14_sepconv2", sepconv(2048), x);
    x = b.add("block14_sepconv2_bn", bn(), x);
    x = b.add("block14_sepconv2_act", RELU, x);
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  /** Blocks 2, 3, 4 and 13: two separable convolutions and a strided pool, beside a strided 1x1 shortcut. */
  private String downsampling(String x, int block, int filters1, int filters2, boolean leadingRelu) {
    String name = "block" + block;
    String residual = b.auto("conv2d", new Convolutions.Conv2D(filters2, 1, 1, 2, Padding.SAME, false), x);
    residual = b.auto("batch_normalization", bn(), residual);
    if (leadingRelu) {
      x = b.add(name + "_sepconv1_act", RELU, x);
    }
    x = b.add(name + "_sepconv1", sepconv(filters1), x);
    x = b.add(name + "_sepconv1_bn", bn(), x);
    x = b.add(name + "_sepconv2_act", RELU, x);
    x = b.add(name + "_sepconv2", sepconv(filters2), x);
    x = b.add(name + "_sepconv2_bn", bn(), x);
    x = b.add(name + "_pool", new Pooling.MaxPooling2D(3, 2, Padding.SAME), x);
    return b.auto("add", new Merges.ElementWise(Merges.Operation.ADD), x, residual);
  }

  /** Blocks 5 to 12: three activated separable convolutions of 728 around an identity shortcut. */
  private String middle(String x, String name) {
    String residual = x;
    for (int i = 1; i <= 3; i++) {
      x = b.add(name + "_sepconv" + i + "_act", RELU, x);
      x = b.add(name + "_sepconv" + i, sepconv(728), x);
      x = b.add(name + "_sepconv" + i + "_bn", bn(), x);
    }
    return b.auto("add", new Merges.ElementWise(Merges.Operation.ADD), x, residual);
  }

  private static Convolutions.Conv2D conv(int filters, int kernel, int stride, Padding padding) {
    return new Convolutions.Conv2D(filters, kernel, kernel, stride, padding, false);
  }

  private static Convolutions.SeparableConv2D sepconv(int filters) {
    return new Convolutions.SeparableConv2D(filters, Window.square(3, 1, Padding.SAME), 1, false,
        ActivationFunction.LINEAR);
  }

  private static Normalizations.BatchNormalization bn() {
    return new Normalizations.BatchNormalization(-1, BN_EPSILON, true, true);
  }
}
