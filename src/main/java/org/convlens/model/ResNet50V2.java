package org.convlens.model;

import java.util.ArrayList;
import java.util.List;
import org.convlens.model.LayerConfig.Padding;

/**
 * Keras's ResNet50V2 ({@code keras.applications.ResNet50V2}) as a layer graph with Keras's exact layer names,
 * so the official weights file matches it layer by layer. Mirrors {@code keras/src/applications/resnet.py}:
 * pre-activation blocks, explicit zero pads, batch-norm epsilon 1.001e-5.
 */
public final class ResNet50V2 {
  public static final String NAME = "resnet50v2";
  public static final int INPUT_SIZE = 224;
  public static final float BN_EPSILON = 1.001e-5f;

  /** The five main stages, by tab name, and the layer that ends each. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("conv1", "conv1_conv"),
          new NetworkStage("conv2", "conv2_block3_out"),
          new NetworkStage("conv3", "conv3_block4_out"),
          new NetworkStage("conv4", "conv4_block6_out"),
          new NetworkStage("conv5", "conv5_block3_out"));

  public static final String PREDICTIONS = "predictions";
  private static final LayerConfig RELU = new ActivationLayers.Activation(ActivationFunction.RELU);
  /** Keras's {@code bn_axis = 3}: the channels, as the written config says. */
  private static final LayerConfig BN = new Normalizations.BatchNormalization(3, BN_EPSILON, true, true);

  private final List<Layer> layers = new ArrayList<>();
  private int unnamedPools;

  private ResNet50V2() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    ResNet50V2 b = new ResNet50V2();
    // Keras 3's name for the unnamed Input (tf.keras said input_1); weightless, so no weights file depends on it.
    String x = b.add("input_layer", new LayerConfig.Input(INPUT_SIZE, INPUT_SIZE, 3));
    x = b.add("conv1_pad", Reshaping.ZeroPadding2D.symmetric(3), x);
    x = b.add("conv1_conv", new Convolutions.Conv2D(64, 7, 7, 2, Padding.VALID, true), x);
    // A zero pad then a VALID pool: a SAME pool would pad with -inf, and conv1_conv can be negative.
    x = b.add("pool1_pad", Reshaping.ZeroPadding2D.symmetric(1), x);
    x = b.add("pool1_pool", new Pooling.MaxPooling2D(3, 2, Padding.VALID), x);
    x = b.stack(x, 64, 3, 2, "conv2");
    x = b.stack(x, 128, 4, 2, "conv3");
    x = b.stack(x, 256, 6, 2, "conv4");
    x = b.stack(x, 512, 3, 1, "conv5");
    x = b.add("post_bn", BN, x);
    x = b.add("post_relu", RELU, x);
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return new LayerGraph(NAME, b.layers);
  }

  private String stack(String x, int filters, int blocks, int lastStride, String name) {
    x = block(x, filters, 1, true, name + "_block1");
    for (int i = 2; i < blocks; i++) {
      x = block(x, filters, 1, false, name + "_block" + i);
    }
    return block(x, filters, lastStride, false, name + "_block" + blocks);
  }

  private String block(String x, int filters, int stride, boolean convShortcut, String name) {
    String preact = add(name + "_preact_bn", BN, x);
    preact = add(name + "_preact_relu", RELU, preact);
    String y = add(name + "_1_conv", new Convolutions.Conv2D(filters, 1, 1, 1, Padding.VALID, false), preact);
    y = add(name + "_1_bn", BN, y);
    y = add(name + "_1_relu", RELU, y);
    y = add(name + "_2_pad", Reshaping.ZeroPadding2D.symmetric(1), y);
    y = add(name + "_2_conv", new Convolutions.Conv2D(filters, 3, 3, stride, Padding.VALID, false), y);
    y = add(name + "_2_bn", BN, y);
    y = add(name + "_2_relu", RELU, y);
    // Added here, not first, so the layers come in the order Keras lists them (its summary, its config).
    String shortcut;
    if (convShortcut) {
      shortcut = add(name + "_0_conv", new Convolutions.Conv2D(4 * filters, 1, 1, stride, Padding.VALID, true), preact);
    } else if (stride > 1) {
      // Keras leaves this pool unnamed; these are the names Keras 3 gives it, never used to match weights.
      String auto = unnamedPools == 0 ? "max_pooling2d" : "max_pooling2d_" + unnamedPools;
      unnamedPools++;
      shortcut = add(auto, new Pooling.MaxPooling2D(1, stride, Padding.VALID), x);
    } else {
      shortcut = x;
    }
    y = add(name + "_3_conv", new Convolutions.Conv2D(4 * filters, 1, 1, 1, Padding.VALID, true), y);
    return add(name + "_out", new Merges.ElementWise(Merges.Operation.ADD), shortcut, y);
  }

  private String add(String name, LayerConfig config, String... inbound) {
    layers.add(new Layer(name, config, List.of(inbound)));
    return name;
  }
}
