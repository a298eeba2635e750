package org.convlens.inference;

import static org.convlens.inference.LayerHarness.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.Window;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** The {@link Convolutions} family through TensorFlow against {@link ConvolutionReference}. */
class ConvolutionOpsTest {
  @TempDir static Path cacheDir;
  private static final Window STRIDED_SAME = new Window(3, 2, 2, 1, 1, 1, Padding.SAME);
  private static final Window DILATED = new Window(3, 3, 1, 1, 2, 1, Padding.VALID);
  private static final Window DILATED_SAME = new Window(3, 3, 1, 1, 2, 2, Padding.SAME);
  private static final Window SAME_2 = Window.square(3, 2, Padding.SAME);
  private static LayerHarness model;
  private static Tensor x;
  private static Activations tf;

  @BeforeAll
  static void run() throws Exception {
    model = new LayerHarness(11, 9, 8, 4)
        .add("conv", new Convolutions.Conv2D(5, STRIDED_SAME, 1, true, ActivationFunction.LINEAR))
        .add("conv_dilated", new Convolutions.Conv2D(3, DILATED, 1, false, ActivationFunction.RELU))
        .add("conv_groups", new Convolutions.Conv2D(6, Window.square(3, 1, Padding.SAME), 2, true,
            ActivationFunction.LINEAR))
        .add("conv_channel_groups", new Convolutions.Conv2D(8, SAME_2, 4, true, ActivationFunction.LINEAR))
        .add("conv_channel_groups_dilated", new Convolutions.Conv2D(4, DILATED_SAME, 4, false,
            ActivationFunction.LINEAR))
        .add("depthwise", new Convolutions.DepthwiseConv2D(SAME_2, 2, true, ActivationFunction.LINEAR))
        .add("depthwise_dilated", new Convolutions.DepthwiseConv2D(DILATED_SAME, 1, false, ActivationFunction.LINEAR))
        .add("separable", new Convolutions.SeparableConv2D(5, SAME_2, 2, true, ActivationFunction.LINEAR))
        .add("transpose_same", new Convolutions.Conv2DTranspose(3, SAME_2, true, ActivationFunction.LINEAR))
        .add("transpose_valid", new Convolutions.Conv2DTranspose(2, new Window(3, 2, 2, 3, 1, 1, Padding.VALID),
            false, ActivationFunction.LINEAR))
        .open(cacheDir);
    x = model.input();
    tf = model.run(x);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<Tensor> w(String layer) {
    return model.weights(layer);
  }

  @Test
  void conv2dWithPerAxisStridesAndSamePadding() {
    assertClose(ConvolutionReference.conv2d(x, w("conv").get(0), w("conv").get(1), STRIDED_SAME, 1),
        tf.get("conv"), "conv");
  }

  @Test
  void dilatedConv2dWithActivation() {
    Tensor expected = ActivationReference.apply(ActivationFunction.RELU,
        ConvolutionReference.conv2d(x, w("conv_dilated").get(0), null, DILATED, 1));
    assertClose(expected, tf.get("conv_dilated"), "conv_dilated");
  }

  @Test
  void groupedConv2d() {
    assertClose(ConvolutionReference.conv2d(x, w("conv_groups").get(0), w("conv_groups").get(1),
        Window.square(3, 1, Padding.SAME), 2), tf.get("conv_groups"), "conv_groups");
  }

  /** One input channel per group, as ConvNeXt's convolutions, runs as a depthwise convolution. */
  @Test
  void conv2dWithAGroupPerChannel() {
    assertClose(ConvolutionReference.conv2d(x, w("conv_channel_groups").get(0), w("conv_channel_groups").get(1),
        SAME_2, 4), tf.get("conv_channel_groups"), "conv_channel_groups");
    assertClose(ConvolutionReference.conv2d(x, w("conv_channel_groups_dilated").get(0), null, DILATED_SAME, 4),
        tf.get("conv_channel_groups_dilated"), "conv_channel_groups_dilated");
  }

  /** ConvNeXtTiny has 18 such layers of 96 to 768 groups: as sliced convolutions they took minutes to build and run. */
  @Test
  void aGroupPerChannelIsOneTensorFlowOp() {
    LayerGraph g = new LayerGraph("g", List.of(new Layer("in", new LayerConfig.Input(8, 8, 96), List.of()),
        new Layer("dw", new Convolutions.Conv2D(96, Window.square(7, 1, Padding.SAME), 96, true,
            ActivationFunction.LINEAR), List.of("in"))));
    Network network = Network.bind(g, UntrainedWeights.generate(g, 1), WeightsOrigin.untrained(1));
    try (Graph graph = new Graph()) {
      TfGraphBuilder.build(Ops.create(graph), network);
      List<String> types = new ArrayList<>();
      graph.operations().forEachRemaining(op -> types.add(op.type()));
      assertEquals(1, Collections.frequency(types, "DepthwiseConv2dNative"), types.toString());
      assertEquals(0, Collections.frequency(types, "Conv2D"), types.toString());
    }
  }

  @Test
  void depthwiseWithMultiplierAndDilation() {
    assertClose(ConvolutionReference.depthwise(x, w("depthwise").get(0), w("depthwise").get(1), SAME_2),
        tf.get("depthwise"), "depthwise");
    assertClose(ConvolutionReference.depthwise(x, w("depthwise_dilated").get(0), null, DILATED_SAME),
        tf.get("depthwise_dilated"), "depthwise_dilated");
  }

  @Test
  void separableIsDepthwiseThenPointwise() {
    List<Tensor> s = w("separable");
    Tensor depthwise = ConvolutionReference.depthwise(x, s.get(0), null, SAME_2);
    Tensor expected = ConvolutionReference.conv2d(depthwise, s.get(1), s.get(2), Window.square(1, 1, Padding.VALID), 1);
    assertClose(expected, tf.get("separable"), "separable");
  }

  @Test
  void transposedConvolutions() {
    assertClose(ConvolutionReference.transpose(x, w("transpose_same").get(0), w("transpose_same").get(1), SAME_2,
        18, 16), tf.get("transpose_same"), "transpose_same");
    // valid: in * stride + max(kernel - stride, 0): 9*2+1 = 19, 8*3+0 = 24.
    assertClose(ConvolutionReference.transpose(x, w("transpose_valid").get(0), null,
        new Window(3, 2, 2, 3, 1, 1, Padding.VALID), 19, 24), tf.get("transpose_valid"), "transpose_valid");
  }
}
