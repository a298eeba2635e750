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
 * Keras's InceptionV3 ({@code keras.applications.InceptionV3}) with Keras's layer names. Mirrors
 * {@code keras/src/applications/inception_v3.py}: its {@code conv2d_bn} names nothing, so every convolution, batch
 * norm (no scale, epsilon 1e-3, axis 3) and ReLU has Keras's automatic name ({@code conv2d_N},
 * {@code batch_normalization_N}, {@code activation_N}), as do the pools and mixed9's inner concatenations; only the
 * {@code mixedN} concatenations and the head are named.
 */
public final class InceptionV3 {
  public static final String NAME = "inception_v3";
  public static final int INPUT_SIZE = 299;

  /** One tab per resolution: the stem at 147 and 71, then the last mixed block at 35, 17 and 8. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("stem1", "activation_2"),
          new NetworkStage("stem2", "activation_4"),
          new NetworkStage("mixed2", "mixed2"),
          new NetworkStage("mixed7", "mixed7"),
          new NetworkStage("mixed10", "mixed10"));

  public static final String PREDICTIONS = "predictions";
  private static final int CHANNELS = 3;
  private static final LayerConfig RELU = new ActivationLayers.Activation(ActivationFunction.RELU);

  private final FunctionalBuilder b = new FunctionalBuilder();

  private InceptionV3() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    InceptionV3 m = new InceptionV3();
    FunctionalBuilder b = m.b;
    String x = b.input(INPUT_SIZE);
    x = m.convBn(x, 32, 3, 3, 2, Padding.VALID);
    x = m.convBn(x, 32, 3, 3, 1, Padding.VALID);
    x = m.convBn(x, 64, 3, 3, 1, Padding.SAME);
    x = m.maxPool(x);
    x = m.convBn(x, 80, 1, 1, 1, Padding.VALID);
    x = m.convBn(x, 192, 3, 3, 1, Padding.VALID);
    x = m.maxPool(x);
    x = m.block35(x, 32, "mixed0");
    x = m.block35(x, 64, "mixed1");
    x = m.block35(x, 64, "mixed2");

    String branch3x3 = m.convBn(x, 384, 3, 3, 2, Padding.VALID);
    String dbl = m.convBn(x, 64, 1, 1);
    dbl = m.convBn(dbl, 96, 3, 3);
    dbl = m.convBn(dbl, 96, 3, 3, 2, Padding.VALID);
    x = b.add("mixed3", concat(), branch3x3, dbl, m.maxPool(x));

    x = m.block17(x, 128, "mixed4");
    x = m.block17(x, 160, "mixed5");
    x = m.block17(x, 160, "mixed6");
    x = m.block17(x, 192, "mixed7");

    String b3 = m.convBn(x, 192, 1, 1);
    b3 = m.convBn(b3, 320, 3, 3, 2, Padding.VALID);
    String b7 = m.convBn(x, 192, 1, 1);
    b7 = m.convBn(b7, 192, 1, 7);
    b7 = m.convBn(b7, 192, 7, 1);
    b7 = m.convBn(b7, 192, 3, 3, 2, Padding.VALID);
    x = b.add("mixed8", concat(), b3, b7, m.maxPool(x));

    for (int i = 0; i < 2; i++) {
      x = m.block8(x, i);
    }
    if (includeTop) {
      x = b.add("avg_pool", new Pooling.GlobalAveragePooling2D(false), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }

  /** mixed0 to mixed2 (35x35): 1x1, 5x5, double 3x3 and pooled branches. */
  private String block35(String x, int poolFilters, String name) {
    String b1 = convBn(x, 64, 1, 1);
    String b5 = convBn(x, 48, 1, 1);
    b5 = convBn(b5, 64, 5, 5);
    String dbl = convBn(x, 64, 1, 1);
    dbl = convBn(dbl, 96, 3, 3);
    dbl = convBn(dbl, 96, 3, 3);
    String pool = convBn(avgPool(x), poolFilters, 1, 1);
    return b.add(name, concat(), b1, b5, dbl, pool);
  }

  /** mixed4 to mixed7 (17x17): factorised 7x7 branches of {@code filters} inner channels. */
  private String block17(String x, int filters, String name) {
    String b1 = convBn(x, 192, 1, 1);
    String b7 = convBn(x, filters, 1, 1);
    b7 = convBn(b7, filters, 1, 7);
    b7 = convBn(b7, 192, 7, 1);
    String dbl = convBn(x, filters, 1, 1);
    dbl = convBn(dbl, filters, 7, 1);
    dbl = convBn(dbl, filters, 1, 7);
    dbl = convBn(dbl, filters, 7, 1);
    dbl = convBn(dbl, 192, 1, 7);
    String pool = convBn(avgPool(x), 192, 1, 1);
    return b.add(name, concat(), b1, b7, dbl, pool);
  }

  /** mixed9 and mixed10 (8x8): the 3x3 branches split into 1x3 and 3x1 halves, concatenated. */
  private String block8(String x, int i) {
    String b1 = convBn(x, 320, 1, 1);
    String b3 = convBn(x, 384, 1, 1);
    b3 = b.add("mixed9_" + i, concat(), convBn(b3, 384, 1, 3), convBn(b3, 384, 3, 1));
    String dbl = convBn(x, 448, 1, 1);
    dbl = convBn(dbl, 384, 3, 3);
    dbl = b.auto("concatenate", concat(), convBn(dbl, 384, 1, 3), convBn(dbl, 384, 3, 1));
    String pool = convBn(avgPool(x), 192, 1, 1);
    return b.add("mixed" + (9 + i), concat(), b1, b3, dbl, pool);
  }

  private String convBn(String x, int filters, int rows, int cols) {
    return convBn(x, filters, rows, cols, 1, Padding.SAME);
  }

  /** Keras's {@code conv2d_bn} without a name: convolution without bias, batch norm without scale, ReLU. */
  private String convBn(String x, int filters, int rows, int cols, int stride, Padding padding) {
    x = b.auto("conv2d", new Convolutions.Conv2D(filters, rows, cols, stride, padding, false), x);
    x = b.auto("batch_normalization", new Normalizations.BatchNormalization(CHANNELS, 1e-3f, true, false), x);
    return b.auto("activation", RELU, x);
  }

  private String maxPool(String x) {
    return b.auto("max_pooling2d", new Pooling.MaxPooling2D(3, 2, Padding.VALID), x);
  }

  private String avgPool(String x) {
    return b.auto("average_pooling2d", new Pooling.AveragePooling2D(Window.square(3, 1, Padding.SAME)), x);
  }

  private static Merges.Concatenate concat() {
    return new Merges.Concatenate(CHANNELS);
  }
}
