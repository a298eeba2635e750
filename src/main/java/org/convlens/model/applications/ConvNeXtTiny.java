package org.convlens.model.applications;

import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.ApplicationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Merges;
import org.convlens.model.NetworkStage;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Window;

/**
 * Keras's ConvNeXtTiny ({@code keras.applications.ConvNeXtTiny}) with Keras's layer names. Mirrors
 * {@code keras/src/applications/convnext.py}: the prestem Normalization with the ImageNet statistics as constants
 * (the model takes raw 0-255 RGB), the stem and the three downsampling blocks as nested Sequentials (their layers
 * named {@code outer/inner}, as the generic importer names them), blocks of a grouped 7x7 convolution, layer norm
 * (epsilon 1e-6), Dense layers as pointwise convolutions, GELU, LayerScale (1e-6) and {@code Activation("linear")}
 * where the stochastic depth would be (drop path rate 0), and the residual written as {@code inputs + x}, a Keras
 * operation that Keras 3 names {@code add_N} and lists like a layer.
 */
public final class ConvNeXtTiny {
  public static final String NAME = "convnext_tiny";
  public static final int INPUT_SIZE = 224;

  /** The stem, then each of the four stages' last residual sum (56, 56, 28, 14, 7). */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("stem", "convnext_tiny_stem/convnext_tiny_stem_layernorm"),
          new NetworkStage("stage0", "add_2"),
          new NetworkStage("stage1", "add_5"),
          new NetworkStage("stage2", "add_14"),
          new NetworkStage("stage3", "add_17"));

  /** ConvNeXt's head names its Dense layer after the model, not {@code predictions}. */
  public static final String PREDICTIONS = NAME + "_head_dense";
  private static final int[] DEPTHS = {3, 3, 9, 3};
  private static final int[] DIMS = {96, 192, 384, 768};
  private static final float LN_EPSILON = 1e-6f;
  private static final float LAYER_SCALE = 1e-6f;

  private final FunctionalBuilder b = new FunctionalBuilder();

  private ConvNeXtTiny() {}

  /**
   * The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights): then Keras ends
   * with an unnamed LayerNormalization ({@code layer_normalization}) on the last stage instead of the head.
   */
  public static LayerGraph graph(boolean includeTop) {
    ConvNeXtTiny m = new ConvNeXtTiny();
    FunctionalBuilder b = m.b;
    String x = b.input(INPUT_SIZE);
    x = b.add(NAME + "_prestem_normalization", prestem(), x);
    for (int i = 0; i < DEPTHS.length; i++) {
      x = i == 0 ? m.stem(x) : m.downsampling(x, i - 1);
      for (int j = 0; j < DEPTHS[i]; j++) {
        x = m.block(x, DIMS[i], NAME + "_stage_" + i + "_block_" + j);
      }
    }
    if (includeTop) {
      x = b.add(NAME + "_head_gap", new Pooling.GlobalAveragePooling2D(false), x);
      x = b.add(NAME + "_head_layernorm", layerNorm(), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    } else {
      b.auto("layer_normalization", layerNorm(), x);
    }
    return b.graph(NAME);
  }

  /** Keras's PreStem: {@code (x - mean) / sqrt(variance)} with the ImageNet statistics of 0-255 RGB. */
  private static PreprocessingLayers.Normalization prestem() {
    double[] mean = {0.485, 0.456, 0.406};
    double[] std = {0.229, 0.224, 0.225};
    float[] m = new float[3];
    float[] v = new float[3];
    for (int c = 0; c < 3; c++) {
      m[c] = (float) (mean[c] * 255);
      v[c] = (float) Math.pow(std[c] * 255, 2);
    }
    return new PreprocessingLayers.Normalization(m, v);
  }

  /** The nested Sequential {@code convnext_tiny_stem}: a 4x4 patchify convolution, then layer norm. */
  private String stem(String x) {
    String seq = NAME + "_stem/";
    x = b.add(seq + NAME + "_stem_conv", new Convolutions.Conv2D(DIMS[0], 4, 4, 4, Padding.VALID, true), x);
    return b.add(seq + NAME + "_stem_layernorm", layerNorm(), x);
  }

  /** The nested Sequential {@code convnext_tiny_downsampling_block_i}: layer norm, then a 2x2 stride-2 convolution. */
  private String downsampling(String x, int i) {
    String seq = NAME + "_downsampling_block_" + i + "/";
    x = b.add(seq + NAME + "_downsampling_layernorm_" + i, layerNorm(), x);
    return b.add(seq + NAME + "_downsampling_conv_" + i,
        new Convolutions.Conv2D(DIMS[i + 1], 2, 2, 2, Padding.VALID, true), x);
  }

  /** Keras's ConvNeXtBlock, ending in {@code inputs + identity(x)}. */
  private String block(String inputs, int dim, String name) {
    String x = b.add(name + "_depthwise_conv",
        new Convolutions.Conv2D(dim, Window.square(7, 1, Padding.SAME), dim, true, ActivationFunction.LINEAR), inputs);
    x = b.add(name + "_layernorm", layerNorm(), x);
    x = b.add(name + "_pointwise_conv_1", new CoreLayers.Dense(4 * dim, ActivationFunction.LINEAR), x);
    x = b.add(name + "_gelu", new ActivationLayers.Activation(ActivationFunction.GELU), x);
    x = b.add(name + "_pointwise_conv_2", new CoreLayers.Dense(dim, ActivationFunction.LINEAR), x);
    x = b.add(name + "_layer_scale", new ApplicationLayers.LayerScale(LAYER_SCALE, dim), x);
    x = b.add(name + "_identity", new ActivationLayers.Activation(ActivationFunction.LINEAR), x);
    return b.auto("add", new Merges.ElementWise(Merges.Operation.ADD), inputs, x);
  }

  private static Normalizations.LayerNormalization layerNorm() {
    return new Normalizations.LayerNormalization(new int[] {-1}, LN_EPSILON, true, true);
  }
}
