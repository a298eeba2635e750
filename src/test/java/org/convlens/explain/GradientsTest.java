package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.inference.ModelService;
import org.convlens.inference.NetworkGradients;
import org.convlens.inference.Progress;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Merges;
import org.convlens.model.Network;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.Reshaping;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.ModelLoader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * TensorFlow's symbolic gradients through our graph against central finite differences of a float64 evaluation
 * of the same network (same float32 weights, every op written out in double). Float64 lets the differences use
 * eps = 1e-6, far from ReLU and max-pool kinks and with rounding error near 1e-10, so what is compared is
 * TensorFlow's float32 gradient (error ~1e-6) against the exact derivative; float32 differences on the TF graph
 * itself would need eps ~1e-2 and would then straddle kinks.
 *
 * <p>The network is a small ResNet-like block with every kind of op a CNN explanation passes through: zero pad,
 * strided convolution with bias, batch norm, ReLU, max pool, a residual add, global average pooling, a dense
 * layer, and a softmax (fused into the dense, as a separate layer, or absent).
 */
class GradientsTest {
  private static final float BN_EPS = 1.001e-5f;
  private static final double FD_EPS = 1e-6;
  private static final double TOLERANCE = 1e-3;

  enum Head { DENSE_SOFTMAX, SOFTMAX_LAYER, NONE }

  @Test
  void classScoreGradientsMatchFiniteDifferences() throws Exception {
    for (Head head : Head.values()) {
      Tiny net = new Tiny(head, 7);
      try (ModelService model = open(net.network)) {
        NetworkGradients gradients = model.gradients();
        assertEquals(head != Head.NONE, gradients.logitsBeforeSoftmax(), head.name());
        assertEquals(5, gradients.classCount());
        float[] x = net.random(11 * 11 * 3);
        Tensor input = Tensor.of(x, 1, 11, 11, 3);
        double[] logits = net.forward(toDouble(x), null);

        // The default class is the top one; its score is the pre-softmax logit, as the reference computes it.
        NetworkGradients.ClassGradient top = gradients.classGradient(input, NetworkGradients.TOP_CLASS, "input_1");
        assertEquals(argMax(logits), top.classes()[0], head.name());
        for (int k = 0; k < 5; k++) {
          assertEquals(logits[k], top.scores().get(0, k), 1e-4 * (1 + Math.abs(logits[k])), head + " logit " + k);
        }

        for (int cls : new int[] {argMax(logits), (argMax(logits) + 2) % 5}) {
          int c = cls;
          NetworkGradients.ClassGradient toInput = gradients.classGradient(input, c, "input_1");
          assertEquals(c, toInput.classes()[0]);
          double[] fdInput = finiteDifferences(toDouble(x), v -> net.forward(v, null)[c]);
          assertGradientsMatch(fdInput, toInput.gradient().data(), head + " d logit " + c + " / d input");

          NetworkGradients.ClassGradient toRelu = gradients.classGradient(input, c, "relu");
          double[] relu = net.layer(toDouble(x), "relu");
          assertArrayEquals(new int[] {1, 6, 6, 4}, toRelu.gradient().shape());
          assertGradientsMatch(relu, toRelu.activations().data(), 1e-5, head + " relu activations");
          double[] fdRelu = finiteDifferences(relu, v -> net.forward(toDouble(x), v)[c]);
          assertGradientsMatch(fdRelu, toRelu.gradient().data(), head + " d logit " + c + " / d relu");
        }
      }
    }
  }

  @Test
  void objectiveGradientIsTheWeightedSumsGradient() throws Exception {
    Tiny net = new Tiny(Head.DENSE_SOFTMAX, 11);
    try (ModelService model = open(net.network)) {
        NetworkGradients gradients = model.gradients();
      float[] x = net.random(11 * 11 * 3);
      Tensor weights = Tensor.of(net.random(6 * 6 * 4), 6, 6, 4);
      NetworkGradients.ObjectiveGradient g =
          gradients.objectiveGradient(Tensor.of(x, 1, 11, 11, 3), "relu", weights);
      java.util.function.ToDoubleFunction<double[]> objective = v -> {
        double[] relu = net.layer(v, "relu");
        double sum = 0;
        for (int i = 0; i < relu.length; i++) {
          sum += relu[i] * weights.data()[i];
        }
        return sum;
      };
      assertEquals(objective.applyAsDouble(toDouble(x)), g.values()[0], 1e-4);
      assertGradientsMatch(finiteDifferences(toDouble(x), objective), g.gradient().data(), "d objective / d input");
    }
  }

  @Test
  void batchedSamplesGetTheirOwnGradients() throws Exception {
    Tiny net = new Tiny(Head.DENSE_SOFTMAX, 5);
    try (ModelService model = open(net.network)) {
        NetworkGradients gradients = model.gradients();
      float[] a = net.random(363);
      float[] b = net.random(363);
      float[] both = new float[726];
      System.arraycopy(a, 0, both, 0, 363);
      System.arraycopy(b, 0, both, 363, 363);
      NetworkGradients.ClassGradient batch = gradients.classGradient(Tensor.of(both, 2, 11, 11, 3), 3, "input_1");
      NetworkGradients.ClassGradient second = gradients.classGradient(Tensor.of(b, 1, 11, 11, 3), 3, "input_1");
      for (int i = 0; i < 363; i++) {
        assertEquals(second.gradient().data()[i], batch.gradient().data()[363 + i], 1e-5);
      }
      assertFalse(java.util.Arrays.equals(second.gradient().data(),
          java.util.Arrays.copyOf(batch.gradient().data(), 363)));
    }
  }

  @Test
  void classScoresAloneAreTheGradientsScores() throws Exception {
    Tiny net = new Tiny(Head.SOFTMAX_LAYER, 13);
    try (ModelService model = open(net.network)) {
      NetworkGradients gradients = model.gradients();
      Tensor input = Tensor.of(net.random(2 * 363), 2, 11, 11, 3);
      for (int cls : new int[] {NetworkGradients.TOP_CLASS, 4}) {
        NetworkGradients.ClassGradient withGradient = gradients.classGradient(input, cls, "input_1");
        NetworkGradients.ClassScores alone = gradients.classScores(input, cls);
        assertArrayEquals(withGradient.classes(), alone.classes(), "class " + cls);
        assertArrayEquals(withGradient.scores().shape(), alone.scores().shape());
        assertArrayEquals(withGradient.scores().data(), alone.scores().data(), 1e-6f, "class " + cls);
      }
    }
  }

  @Test
  void saliencySumIsTheSumOfEachSamplesSaliency() throws Exception {
    Tiny net = new Tiny(Head.DENSE_SOFTMAX, 17);
    try (ModelService model = open(net.network)) {
      NetworkGradients gradients = model.gradients();
      Tensor batch = Tensor.of(net.random(3 * 363), 3, 11, 11, 3);
      float[] g = gradients.classGradient(batch, 2, "input_1").gradient().data();
      float[] expected = new float[121];
      for (int s = 0; s < 3; s++) {
        float[] one = java.util.Arrays.copyOfRange(g, s * 363, (s + 1) * 363);
        float[] map = ClassMaps.saliency(Tensor.of(one, 11, 11, 3)).data();
        for (int i = 0; i < 121; i++) {
          expected[i] += map[i];
        }
      }
      Tensor sum = gradients.saliencySum(batch, 2);
      assertArrayEquals(new int[] {11, 11}, sum.shape());
      for (int i = 0; i < 121; i++) {
        assertEquals(expected[i], sum.data()[i], 1e-6 * (1 + Math.abs(expected[i])), "pixel " + i);
      }
      assertTrue(sum.data()[60] != gradients.saliencySum(batch, 3).data()[60], "another class, another map");
    }
  }

  /** The network loaded as the app loads it (SavedModel in the tests' cache), gradients in its own session. */
  static ModelService open(Network network) throws Exception {
    return new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE);
  }

  /** Equal within {@link #TOLERANCE} relative to each entry, plus a floor of 1e-5 of the largest entry. */
  static void assertGradientsMatch(double[] expected, float[] actual, String what) {
    assertGradientsMatch(expected, actual, TOLERANCE, what);
  }

  static void assertGradientsMatch(double[] expected, float[] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    assertTrue(max > 0, what + ": an all-zero gradient checks nothing");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], relative * Math.abs(expected[i]) + 1e-5 * max, what + ": entry " + i);
    }
  }

  static double[] finiteDifferences(double[] x, java.util.function.ToDoubleFunction<double[]> f) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += FD_EPS;
      down[i] -= FD_EPS;
      g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * FD_EPS);
    }
    return g;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }


  static int argMax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The test network, its seeded untrained weights, and its float64 evaluation. */
  static final class Tiny {
    final Network network;
    private final SplittableRandom random;

    Tiny(Head head, long seed) {
      random = new SplittableRandom(seed);
      List<Layer> layers = new ArrayList<>(List.of(
          new Layer("input_1", new LayerConfig.Input(11, 11, 3), List.of()),
          new Layer("pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("input_1")),
          new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 2, Padding.VALID, true), List.of("pad")),
          new Layer("bn", new Normalizations.BatchNormalization(BN_EPS), List.of("conv")),
          new Layer("relu", new ActivationLayers.Activation(ActivationFunction.RELU), List.of("bn")),
          new Layer("pool_pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("relu")),
          new Layer("pool", new Pooling.MaxPooling2D(3, 2, Padding.VALID), List.of("pool_pad")),
          new Layer("branch", new Convolutions.Conv2D(4, 1, 1, 1, Padding.VALID, false), List.of("pool")),
          new Layer("out", new Merges.ElementWise(Merges.Operation.ADD), List.of("pool", "branch")),
          new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("out"))));
      ActivationFunction dense = head == Head.DENSE_SOFTMAX ? ActivationFunction.SOFTMAX : ActivationFunction.LINEAR;
      layers.add(new Layer("predictions", new CoreLayers.Dense(5, dense), List.of("gap")));
      if (head == Head.SOFTMAX_LAYER) {
        layers.add(new Layer("probabilities", new ActivationLayers.Softmax(-1), List.of("predictions")));
      }
      Map<String, List<Tensor>> w = Map.of(
          "conv", List.of(tensor(random(108), 3, 3, 3, 4), tensor(random(4), 4)),
          "bn", List.of(tensor(positive(4), 4), tensor(random(4), 4), tensor(random(4), 4), tensor(positive(4), 4)),
          "branch", List.of(tensor(random(16), 1, 1, 4, 4)),
          "predictions", List.of(tensor(random(20), 4, 5), tensor(random(5), 5)));
      network = Network.bind(new LayerGraph("tiny", layers), w, new WeightsOrigin("seeded test weights", true,
          "tiny-" + head + "-" + seed));
    }

    float[] random(int n) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) random.nextGaussian();
      }
      return v;
    }

    private float[] positive(int n) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (0.5 + random.nextDouble());
      }
      return v;
    }

    private static Tensor tensor(float[] data, int... shape) {
      return Tensor.of(data, shape);
    }

    private double[] w(String layer, int i) {
      return toDouble(network.weights(layer).get(i).data());
    }

    /** The logits (pre-softmax) for input {@code x} (11x11x3), with the relu layer's output replaced when given. */
    double[] forward(double[] x, double[] reluOverride) {
      double[] relu = reluOverride != null ? reluOverride : layer(x, "relu");
      double[] pool = maxPool(pad(relu, 6, 6, 4), 8, 8, 4, 3, 2);
      double[] branch = conv(pool, 3, 3, 4, w("branch", 0), null, 1, 1, 4, 1);
      double[] out = new double[pool.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = pool[i] + branch[i];
      }
      double[] gap = new double[4];
      for (int i = 0; i < out.length; i++) {
        gap[i % 4] += out[i] / 9;
      }
      double[] kernel = w("predictions", 0);
      double[] bias = w("predictions", 1);
      double[] logits = new double[5];
      for (int u = 0; u < 5; u++) {
        logits[u] = bias[u];
        for (int i = 0; i < 4; i++) {
          logits[u] += gap[i] * kernel[i * 5 + u];
        }
      }
      return logits;
    }

    /** The output of {@code relu} (the only intermediate layer the tests ask for). */
    double[] layer(double[] x, String name) {
      double[] conv = conv(pad(x, 11, 11, 3), 13, 13, 3, w("conv", 0), w("conv", 1), 3, 3, 4, 2);
      double[] gamma = w("bn", 0), beta = w("bn", 1), mean = w("bn", 2), var = w("bn", 3);
      double[] relu = new double[conv.length];
      for (int i = 0; i < conv.length; i++) {
        int k = i % 4;
        double bn = gamma[k] * (conv[i] - mean[k]) / Math.sqrt(var[k] + (double) BN_EPS) + beta[k];
        relu[i] = Math.max(0, bn);
      }
      return relu;
    }

    private static double[] pad(double[] x, int h, int w, int c) {
      double[] out = new double[(h + 2) * (w + 2) * c];
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          System.arraycopy(x, (i * w + j) * c, out, ((i + 1) * (w + 2) + j + 1) * c, c);
        }
      }
      return out;
    }

    /** VALID convolution of an {@code h x w x cin} map with a {@code k x k x cin x cout} kernel. */
    private static double[] conv(double[] x, int h, int w, int cin, double[] kernel, double[] bias, int kh, int kw,
        int cout, int stride) {
      int oh = (h - kh) / stride + 1, ow = (w - kw) / stride + 1;
      double[] out = new double[oh * ow * cout];
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int o = 0; o < cout; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int a = 0; a < kh; a++) {
              for (int b = 0; b < kw; b++) {
                for (int k = 0; k < cin; k++) {
                  sum += x[((i * stride + a) * w + j * stride + b) * cin + k] * kernel[((a * kw + b) * cin + k) * cout + o];
                }
              }
            }
            out[(i * ow + j) * cout + o] = sum;
          }
        }
      }
      return out;
    }

    private static double[] maxPool(double[] x, int h, int w, int c, int pool, int stride) {
      int oh = (h - pool) / stride + 1, ow = (w - pool) / stride + 1;
      double[] out = new double[oh * ow * c];
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int k = 0; k < c; k++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < pool; a++) {
              for (int b = 0; b < pool; b++) {
                m = Math.max(m, x[((i * stride + a) * w + j * stride + b) * c + k]);
              }
            }
            out[(i * ow + j) * c + k] = m;
          }
        }
      }
      return out;
    }
  }
}
