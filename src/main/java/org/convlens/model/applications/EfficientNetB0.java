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
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;

/**
 * Keras's EfficientNetB0 ({@code keras.applications.EfficientNetB0}) with Keras's layer names. Mirrors
 * {@code keras/src/applications/efficientnet.py} at width and depth 1.0: MBConv blocks with squeeze-and-excite,
 * swish, batch norm epsilon 1e-3 on axis 3, {@code correct_pad} before strided depthwise convolutions, and the
 * dropouts (drop-connect rate 0.2, top dropout 0.2) that are the identity here.
 *
 * <p>The model scales its own 0-255 RGB input: {@code rescaling} (1/255) then {@code normalization}. This is the
 * {@code weights=None} architecture, whose Normalization holds mean 0 and variance 1 as its (non-trainable)
 * weights. With {@code weights="imagenet"} Keras builds one more layer, {@code rescaling_1} right after
 * {@code normalization}, scaling each channel by {@code 1 / sqrt(stddev)} of the ImageNet RGB stddev, and the
 * official file's Normalization weights hold the ImageNet statistics; loading those weights needs that layer:
 * {@link #weightsGraph(boolean)}.
 */
public final class EfficientNetB0 {
  public static final String NAME = "efficientnetb0";
  public static final int INPUT_SIZE = 224;

  /** One tab per resolution (112, 56, 28, 14, 7): the last block's output at each, then the top. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("block1", "block1a_project_bn"),
          new NetworkStage("block2", "block2b_add"),
          new NetworkStage("block3", "block3b_add"),
          new NetworkStage("block5", "block5c_add"),
          new NetworkStage("top", "top_activation"));

  public static final String PREDICTIONS = "predictions";
  private static final int CHANNELS = 3;
  private static final double DROP_CONNECT_RATE = 0.2;

  /** Keras's DEFAULT_BLOCKS_ARGS: kernel, repeats, filters in, filters out, expand ratio, strides (se 0.25). */
  private static final int[][] BLOCKS = {
    {3, 1, 32, 16, 1, 1},
    {3, 2, 16, 24, 6, 2},
    {5, 2, 24, 40, 6, 2},
    {3, 3, 40, 80, 6, 2},
    {5, 3, 80, 112, 6, 1},
    {5, 4, 112, 192, 6, 2},
    {3, 1, 192, 320, 6, 1}
  };

  private final FunctionalBuilder b = new FunctionalBuilder();

  private EfficientNetB0() {}

  /** Keras's {@code IMAGENET_STDDEV_RGB}, which the official weights' {@code rescaling_1} divides by again. */
  private static final double[] IMAGENET_STDDEV_RGB = {0.229, 0.224, 0.225};

  /**
   * The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights), as
   * {@code weights=None} builds it.
   */
  public static LayerGraph graph(boolean includeTop) {
    return new EfficientNetB0().build(includeTop, false);
  }

  /**
   * The graph Keras builds for {@code weights="imagenet"}: {@link #graph(boolean)} with {@code rescaling_1} after
   * {@code normalization}, because Keras's Normalization divides by {@code sqrt(variance)} where the original
   * model divides by the variance (tensorflow/tensorflow#49930).
   */
  public static LayerGraph weightsGraph(boolean includeTop) {
    return new EfficientNetB0().build(includeTop, true);
  }

  private LayerGraph build(boolean includeTop, boolean officialWeights) {
    String x = b.input(INPUT_SIZE);
    x = b.auto("rescaling", new PreprocessingLayers.Rescaling((float) (1.0 / 255.0), 0f), x);
    x = b.auto("normalization", PreprocessingLayers.Normalization.adapted(), x);
    if (officialWeights) {
      float[] scale = new float[IMAGENET_STDDEV_RGB.length];
      for (int i = 0; i < scale.length; i++) {
        scale[i] = (float) (1.0 / Math.sqrt(IMAGENET_STDDEV_RGB[i]));
      }
      x = b.auto("rescaling", new PreprocessingLayers.Rescaling(scale, new float[] {0f}), x);
    }
    x = b.add("stem_conv_pad", correctPad(x, 3), x);
    x = b.add("stem_conv", conv(32, 3, 2, Padding.VALID, false, ActivationFunction.LINEAR), x);
    x = b.add("stem_bn", bn(), x);
    x = b.add("stem_activation", swish(), x);
    int total = 0;
    for (int[] args : BLOCKS) {
      total += args[1];
    }
    int blockIndex = 0;
    for (int i = 0; i < BLOCKS.length; i++) {
      int[] a = BLOCKS[i];
      for (int j = 0; j < a[1]; j++) {
        String name = "block" + (i + 1) + (char) ('a' + j) + "_";
        int filtersIn = j == 0 ? a[2] : a[3];
        int strides = j == 0 ? a[5] : 1;
        x = block(x, name, DROP_CONNECT_RATE * blockIndex / total, filtersIn, a[3], a[0], strides, a[4]);
        blockIndex++;
      }
    }
    x = b.add("top_conv", conv(1280, 1, 1, Padding.SAME, false, ActivationFunction.LINEAR), x);
    x = b.add("top_bn", bn(), x);
    x = b.add("top_activation", swish(), x);
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      x = b.add("top_dropout", new CoreLayers.TrainingOnly("Dropout"), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  /** Keras's {@code block}: an inverted residual block with squeeze-and-excite (ratio 0.25). */
  private String block(String inputs, String name, double dropRate, int filtersIn, int filtersOut, int kernel,
      int strides, int expandRatio) {
    int filters = filtersIn * expandRatio;
    String x = inputs;
    if (expandRatio != 1) {
      x = b.add(name + "expand_conv", conv(filters, 1, 1, Padding.SAME, false, ActivationFunction.LINEAR), x);
      x = b.add(name + "expand_bn", bn(), x);
      x = b.add(name + "expand_activation", swish(), x);
    }
    Padding padding = Padding.SAME;
    if (strides == 2) {
      x = b.add(name + "dwconv_pad", correctPad(x, kernel), x);
      padding = Padding.VALID;
    }
    x = b.add(name + "dwconv", new Convolutions.DepthwiseConv2D(Window.square(kernel, strides, padding), 1, false,
        ActivationFunction.LINEAR), x);
    x = b.add(name + "bn", bn(), x);
    x = b.add(name + "activation", swish(), x);
    int filtersSe = Math.max(1, (int) (filtersIn * 0.25));
    String se = b.add(name + "se_squeeze", new Pooling.GlobalAveragePooling2D(false), x);
    se = b.add(name + "se_reshape", new Reshaping.Reshape(new int[] {1, 1, filters}), se);
    se = b.add(name + "se_reduce", conv(filtersSe, 1, 1, Padding.SAME, true, ActivationFunction.SWISH), se);
    se = b.add(name + "se_expand", conv(filters, 1, 1, Padding.SAME, true, ActivationFunction.SIGMOID), se);
    x = b.add(name + "se_excite", new Merges.ElementWise(Merges.Operation.MULTIPLY), x, se);
    x = b.add(name + "project_conv", conv(filtersOut, 1, 1, Padding.SAME, false, ActivationFunction.LINEAR), x);
    x = b.add(name + "project_bn", bn(), x);
    if (strides == 1 && filtersIn == filtersOut) {
      if (dropRate > 0) {
        x = b.add(name + "drop", new CoreLayers.TrainingOnly("Dropout"), x);
      }
      x = b.add(name + "add", new Merges.ElementWise(Merges.Operation.ADD), x, inputs);
    }
    return x;
  }

  /** Keras's {@code imagenet_utils.correct_pad}: on an even size, one row and column less before than after. */
  private Reshaping.ZeroPadding2D correctPad(String x, int kernel) {
    int[] shape = b.shape(x);
    int half = kernel / 2;
    int top = half - (1 - shape[0] % 2);
    int left = half - (1 - shape[1] % 2);
    return new Reshaping.ZeroPadding2D(top, half, left, half);
  }

  private static Convolutions.Conv2D conv(int filters, int kernel, int stride, Padding padding, boolean bias,
      ActivationFunction activation) {
    return new Convolutions.Conv2D(filters, Window.square(kernel, stride, padding), 1, bias, activation);
  }

  private static Normalizations.BatchNormalization bn() {
    return new Normalizations.BatchNormalization(CHANNELS, 1e-3f, true, true);
  }

  private static LayerConfig swish() {
    return new ActivationLayers.Activation(ActivationFunction.SWISH);
  }
}
