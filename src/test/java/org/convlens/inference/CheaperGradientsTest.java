package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.Reshaping;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.Window;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.tensorflow.internal.c_api.TF_Operation;

/**
 * The cheaper gradient ops ({@link CheaperGradients}) give TensorFlow's own gradients up to float rounding, and
 * they are in use: once they are added, the kernels they replace feed nothing.
 */
class CheaperGradientsTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void mobileNetsSaliencyAndGradientsAreTensorFlowsOwn() throws Exception {
    Network mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet());
    try (ModelService model = new ModelLoader(TestModels.dirs(), null).open(mobileNet, Progress.NONE)) {
      NetworkGradients cheaper = model.gradients();
      Tensor x = images(3, 224, 224, 3, 1);
      Tensor sum = cheaper.saliencySum(x, 285);
      assertEquals(0, slowKernelsInUse(model, "FusedBatchNormGrad"), "every batch norm's gradient is rewritten");
      assertEquals(0, paddingCropsInUse(model), "no padded depthwise convolution's gradient is cropped");
      assertEquals(14, slowKernelsInUse(model, "Conv2DBackpropInput"),
          "the 13 pointwise ones and conv_preds's; conv1's is rewritten");
      Tensor layer = cheaper.classGradient(x, NetworkGradients.TOP_CLASS, "conv_pw_5_relu").gradient();

      int convolutions = slowKernelsInUse(model, "Conv2DBackpropInput");
      NetworkGradients asBuilt = cheaper.asBuiltByTensorFlow();
      assertClose(asBuilt.saliencySum(x, 285), sum, "saliency sum");
      assertTrue(slowKernelsInUse(model, "FusedBatchNormGrad") > 0, "TensorFlow's own gradients keep their kernels");
      assertEquals(4, paddingCropsInUse(model), "conv_pad_2, 4, 6 and 12's gradients, as TensorFlow builds them");
      assertEquals(convolutions + 15, slowKernelsInUse(model, "Conv2DBackpropInput"),
          "with conv1's, as TensorFlow builds it");
      assertClose(asBuilt.classGradient(x, NetworkGradients.TOP_CLASS, "conv_pw_5_relu").gradient(), layer,
          "gradient w.r.t. conv_pw_5_relu");
    }
  }

  /**
   * Batch norms with their own statistics (a rewritten one's gradient is the input gradient), among MobileNet's other
   * ops: depthwise convolutions of both paddings, odd and even, dilated, strided, with a channel multiplier, a zero
   * padding that SAME padding matches (then rewritten) and one it does not, and 3x3 stride-2 SAME convolutions on an
   * even size (rewritten) and on an odd one.
   */
  @Test
  void aSmallNetworksGradientsAreTensorFlowsOwn() throws Exception {
    LayerGraph g = new LayerGraph("cheaper-gradients", List.of(
        new Layer("input_1", new LayerConfig.Input(60, 60, 3), List.of()),
        new Layer("conv_even", new Convolutions.Conv2D(4, 3, 3, 2, Padding.SAME, true), List.of("input_1")),
        new Layer("dw_same", depthwise(3, 3, 1, 1, 1, Padding.SAME, 1), List.of("conv_even")),
        new Layer("bn_1", new Normalizations.BatchNormalization(1e-3f), List.of("dw_same")),
        new Layer("relu6", new ActivationLayers.Activation(ActivationFunction.RELU6), List.of("bn_1")),
        new Layer("pad_around", Reshaping.ZeroPadding2D.symmetric(1), List.of("relu6")),
        new Layer("dw_around", depthwise(3, 3, 2, 2, 1, Padding.VALID, 1), List.of("pad_around")),
        new Layer("conv_odd", new Convolutions.Conv2D(4, 3, 3, 2, Padding.SAME, false), List.of("dw_around")),
        new Layer("dw_rows", depthwise(3, 5, 2, 2, 1, Padding.SAME, 1), List.of("conv_odd")),
        new Layer("pad", new Reshaping.ZeroPadding2D(0, 1, 0, 1), List.of("dw_rows")),
        new Layer("dw_valid", depthwise(3, 3, 2, 2, 1, Padding.VALID, 1), List.of("pad")),
        new Layer("bn_2", new Normalizations.BatchNormalization(1e-3f), List.of("dw_valid")),
        new Layer("dw_dilated", depthwise(3, 3, 1, 1, 2, Padding.SAME, 1), List.of("bn_2")),
        new Layer("dw_even", depthwise(2, 4, 1, 1, 1, Padding.SAME, 1), List.of("dw_dilated")),
        new Layer("dw_valid_1", depthwise(2, 2, 1, 1, 1, Padding.VALID, 1), List.of("dw_even")),
        new Layer("dw_multiplier", depthwise(3, 3, 1, 1, 1, Padding.SAME, 2), List.of("dw_valid_1")),
        new Layer("dw_stride_2_same", depthwise(3, 3, 2, 2, 1, Padding.SAME, 1), List.of("dw_multiplier")),
        new Layer("dw_tiny", depthwise(1, 1, 2, 2, 1, Padding.VALID, 1), List.of("dw_stride_2_same")),
        new Layer("pw", new Convolutions.Conv2D(4, 1, 1, 1, Padding.VALID, false), List.of("dw_tiny")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("pw")),
        new Layer("predictions", new CoreLayers.Dense(5, ActivationFunction.SOFTMAX), List.of("gap"))));
    Map<String, List<Tensor>> weights = new HashMap<>(UntrainedWeights.generate(g, 3));
    SplittableRandom random = new SplittableRandom(4);
    for (String bn : List.of("bn_1", "bn_2")) {
      int c = weights.get(bn).get(0).size();
      weights.put(bn, List.of(uniform(random, c, 0.5, 1.5), uniform(random, c, -1, 1), uniform(random, c, -1, 1),
          uniform(random, c, 0.5, 1.5)));
    }
    Network network = Network.bind(g, weights, new WeightsOrigin("seeded test weights", true, "cheaper-gradients"));
    try (ModelService model = new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE)) {
      NetworkGradients cheaper = model.gradients();
      Tensor x = images(4, 60, 60, 3, 2);
      Tensor sum = cheaper.saliencySum(x, 3);
      Tensor input = cheaper.classGradient(x, NetworkGradients.TOP_CLASS, "input_1").gradient();
      assertEquals(0, slowKernelsInUse(model, "FusedBatchNormGrad"));
      assertEquals(1, paddingCropsInUse(model), "pad_around's, which SAME padding does not match; pad's does");
      assertEquals(2, slowKernelsInUse(model, "Conv2DBackpropInput"), "conv_odd's and pw's; conv_even's is rewritten");

      NetworkGradients asBuilt = cheaper.asBuiltByTensorFlow();
      assertClose(asBuilt.saliencySum(x, 3), sum, "saliency sum");
      assertClose(asBuilt.classGradient(x, NetworkGradients.TOP_CLASS, "input_1").gradient(), input, "input gradient");
    }
  }

  private static Convolutions.DepthwiseConv2D depthwise(int kh, int kw, int sh, int sw, int dilation, Padding padding,
      int multiplier) {
    return new Convolutions.DepthwiseConv2D(new Window(kh, kw, sh, sw, dilation, dilation, padding), multiplier, true,
        ActivationFunction.LINEAR);
  }

  /**
   * How many of TensorFlow's ops of {@code type} (by prefix) among the gradient ops have consumers: those the
   * rewrite replaced have none.
   */
  private static int slowKernelsInUse(ModelService model, String type) {
    int n = 0;
    for (TF_Operation op : new GraphOps(model.graph()).ops("convlens_gradients/")) {
      if (GraphOps.opType(op).startsWith(type) && GraphOps.consumerCount(new GraphOps.Port(op, 0)) > 0) {
        n++;
      }
    }
    return n;
  }

  /** How many gradient ops crop a depthwise convolution's input gradient (a padding's gradient) for a consumer. */
  private static int paddingCropsInUse(ModelService model) {
    int n = 0;
    for (TF_Operation op : new GraphOps(model.graph()).ops("convlens_gradients/")) {
      GraphOps.Port out = new GraphOps.Port(op, 0);
      if (GraphOps.opType(op).equals("Slice") && GraphOps.consumerCount(out) > 0
          && GraphOps.opType(GraphOps.input(out, 0)).equals("DepthwiseConv2dNativeBackpropInput")) {
        n++;
      }
    }
    return n;
  }

  /** Equal within {@link #TOLERANCE} relative to each entry, plus a floor of that much of the largest entry. */
  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double max = 0;
    for (float e : expected.data()) {
      max = Math.max(max, Math.abs(e));
    }
    assertTrue(max > 0, what + ": an all-zero gradient checks nothing");
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.data()[i];
      double error = Math.abs(e - actual.data()[i]);
      worst = Math.max(worst, error / max);
      assertTrue(error <= TOLERANCE * (Math.abs(e) + max), what + ": entry " + i + " is " + actual.data()[i]
          + ", TensorFlow's own gradient " + e);
    }
    System.out.printf("%s: largest difference %.2e of the largest entry%n", what, worst);
  }

  private static Tensor images(int n, int h, int w, int c, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n * h * w * c];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return Tensor.of(v, n, h, w, c);
  }

  private static Tensor uniform(SplittableRandom random, int n, double low, double high) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(low, high);
    }
    return Tensor.of(v, n);
  }
}
