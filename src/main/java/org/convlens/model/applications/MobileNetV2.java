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
 * Keras's MobileNetV2 with alpha 1.0 ({@code keras.applications.MobileNetV2}) as a layer graph with Keras's layer
 * names. Mirrors {@code keras/src/applications/mobilenet_v2.py}: inverted residual blocks (1x1 expansion, 3x3
 * depthwise, linear 1x1 projection) with ReLU6, batch norms with epsilon 1e-3 over axis -1, and before each
 * strided depthwise convolution the zero pad of {@code imagenet_utils.correct_pad}.
 */
public final class MobileNetV2 {
  public static final String NAME = "mobilenetv2_1.00_224";
  public static final int INPUT_SIZE = 224;
  public static final String PREDICTIONS = "predictions";
  public static final float BN_EPSILON = 1e-3f;

  /** The last layer at each resolution: 112, 56, 28, 14 and 7 pixels. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("block1", "block_1_expand_relu"),
          new NetworkStage("block3", "block_3_expand_relu"),
          new NetworkStage("block6", "block_6_expand_relu"),
          new NetworkStage("block13", "block_13_expand_relu"),
          new NetworkStage("out", "out_relu"));

  private static final LayerConfig BN = new Normalizations.BatchNormalization(-1, BN_EPSILON, true, true);
  private static final LayerConfig RELU6 = new ActivationLayers.ReLU(6f);

  /** Per block: output filters, stride, expansion, as the Keras source calls them (block ids 0 to 16). */
  private static final int[][] BLOCKS = {
    {16, 1, 1},
    {24, 2, 6}, {24, 1, 6},
    {32, 2, 6}, {32, 1, 6}, {32, 1, 6},
    {64, 2, 6}, {64, 1, 6}, {64, 1, 6}, {64, 1, 6},
    {96, 1, 6}, {96, 1, 6}, {96, 1, 6},
    {160, 2, 6}, {160, 1, 6}, {160, 1, 6},
    {320, 1, 6}
  };

  private final FunctionalBuilder b = new FunctionalBuilder();

  private MobileNetV2() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    MobileNetV2 m = new MobileNetV2();
    FunctionalBuilder b = m.b;
    String x = b.input(INPUT_SIZE);
    // _make_divisible(32 * alpha, 8) = 32 for alpha 1.0.
    x = b.add("Conv1", conv(32, 3, 2, Padding.SAME), x);
    x = b.add("bn_Conv1", BN, x);
    x = b.add("Conv1_relu", RELU6, x);
    for (int id = 0; id < BLOCKS.length; id++) {
      x = m.invertedResidual(x, BLOCKS[id][0], BLOCKS[id][1], BLOCKS[id][2], id);
    }
    // 1280 last filters whenever alpha <= 1.
    x = b.add("Conv_1", conv(1280, 1, 1, Padding.VALID), x);
    x = b.add("Conv_1_bn", BN, x);
    x = b.add("out_relu", RELU6, x);
    if (includeTop) {
      x = b.auto("global_average_pooling2d", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  /** Keras's {@code _inverted_res_block}; with alpha 1.0 the filters are already divisible by 8. */
  private String invertedResidual(String inputs, int filters, int stride, int expansion, int id) {
    int in = b.channels(inputs);
    String prefix = "block_" + id + "_";
    String x = inputs;
    if (id > 0) {
      x = b.add(prefix + "expand", conv(expansion * in, 1, 1, Padding.SAME), x);
      x = b.add(prefix + "expand_BN", BN, x);
      x = b.add(prefix + "expand_relu", RELU6, x);
    } else {
      prefix = "expanded_conv_";
    }
    if (stride == 2) {
      x = b.add(prefix + "pad", correctPad(b.shape(x), 3), x);
    }
    x = b.add(prefix + "depthwise", new Convolutions.DepthwiseConv2D(
        Window.square(3, stride, stride == 1 ? Padding.SAME : Padding.VALID), 1, false, ActivationFunction.LINEAR), x);
    x = b.add(prefix + "depthwise_BN", BN, x);
    x = b.add(prefix + "depthwise_relu", RELU6, x);
    x = b.add(prefix + "project", conv(filters, 1, 1, Padding.SAME), x);
    x = b.add(prefix + "project_BN", BN, x);
    if (in == filters && stride == 1) {
      return b.add(prefix + "add", new Merges.ElementWise(Merges.Operation.ADD), inputs, x);
    }
    return x;
  }

  private static Convolutions.Conv2D conv(int filters, int kernel, int stride, Padding padding) {
    return new Convolutions.Conv2D(filters, Window.square(kernel, stride, padding), 1, false,
        ActivationFunction.LINEAR);
  }

  /** Keras's {@code imagenet_utils.correct_pad}: one pixel less before than after on an even side. */
  static Reshaping.ZeroPadding2D correctPad(int[] shape, int kernel) {
    int half = kernel / 2;
    int adjustH = 1 - shape[0] % 2;
    int adjustW = 1 - shape[1] % 2;
    return new Reshaping.ZeroPadding2D(half - adjustH, half, half - adjustW, half);
  }
}
