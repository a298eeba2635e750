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

/**
 * Keras's ResNet50 ({@code keras.applications.ResNet50}, v1) as a layer graph with Keras's layer names. Mirrors
 * {@code keras/src/applications/resnet.py} with {@code preact=False, use_bias=True}: post-activation bottleneck
 * blocks whose first 1x1 convolution carries the stride, a convolution plus batch norm on each stage's first
 * shortcut, batch norms over axis 3 with epsilon 1.001e-5.
 */
public final class ResNet50 {
  public static final String NAME = "resnet50";
  public static final int INPUT_SIZE = 224;
  public static final String PREDICTIONS = "predictions";
  public static final float BN_EPSILON = 1.001e-5f;

  /** The stem's ReLU and the output of each of the four residual stages. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("conv1", "conv1_relu"),
          new NetworkStage("conv2", "conv2_block3_out"),
          new NetworkStage("conv3", "conv3_block4_out"),
          new NetworkStage("conv4", "conv4_block6_out"),
          new NetworkStage("conv5", "conv5_block3_out"));

  private static final LayerConfig RELU = new ActivationLayers.Activation(ActivationFunction.RELU);
  private static final LayerConfig BN = new Normalizations.BatchNormalization(3, BN_EPSILON, true, true);

  private final FunctionalBuilder b = new FunctionalBuilder();

  private ResNet50() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    ResNet50 r = new ResNet50();
    FunctionalBuilder b = r.b;
    String x = b.input(INPUT_SIZE);
    x = b.add("conv1_pad", Reshaping.ZeroPadding2D.symmetric(3), x);
    x = b.add("conv1_conv", new Convolutions.Conv2D(64, 7, 7, 2, Padding.VALID, true), x);
    x = b.add("conv1_bn", BN, x);
    x = b.add("conv1_relu", RELU, x);
    x = b.add("pool1_pad", Reshaping.ZeroPadding2D.symmetric(1), x);
    x = b.add("pool1_pool", new Pooling.MaxPooling2D(3, 2, Padding.VALID), x);
    x = r.stack(x, 64, 3, 1, "conv2");
    x = r.stack(x, 128, 4, 2, "conv3");
    x = r.stack(x, 256, 6, 2, "conv4");
    x = r.stack(x, 512, 3, 2, "conv5");
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  /** Keras's {@code stack_residual_blocks_v1}: the first block strides and has a convolution shortcut. */
  private String stack(String x, int filters, int blocks, int firstStride, String name) {
    x = block(x, filters, firstStride, true, name + "_block1");
    for (int i = 2; i <= blocks; i++) {
      x = block(x, filters, 1, false, name + "_block" + i);
    }
    return x;
  }

  /** Keras's {@code residual_block_v1}. */
  private String block(String x, int filters, int stride, boolean convShortcut, String name) {
    String shortcut = x;
    if (convShortcut) {
      shortcut = b.add(name + "_0_conv", new Convolutions.Conv2D(4 * filters, 1, 1, stride, Padding.VALID, true), x);
      shortcut = b.add(name + "_0_bn", BN, shortcut);
    }
    String y = b.add(name + "_1_conv", new Convolutions.Conv2D(filters, 1, 1, stride, Padding.VALID, true), x);
    y = b.add(name + "_1_bn", BN, y);
    y = b.add(name + "_1_relu", RELU, y);
    y = b.add(name + "_2_conv", new Convolutions.Conv2D(filters, 3, 3, 1, Padding.SAME, true), y);
    y = b.add(name + "_2_bn", BN, y);
    y = b.add(name + "_2_relu", RELU, y);
    y = b.add(name + "_3_conv", new Convolutions.Conv2D(4 * filters, 1, 1, 1, Padding.VALID, true), y);
    y = b.add(name + "_3_bn", BN, y);
    y = b.add(name + "_add", new Merges.ElementWise(Merges.Operation.ADD), shortcut, y);
    return b.add(name + "_out", RELU, y);
  }
}
