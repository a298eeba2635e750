package org.convlens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convlens.model.LayerConfig.Padding;
import org.junit.jupiter.api.Test;

/** Untrained weights exist for every weighted layer kind, in the shapes the layers expect. */
class UntrainedWeightsTest {

  @Test
  void everyWeightedLayerKindGetsWeightsThatBind() {
    Window same = Window.square(3, 1, Padding.SAME);
    LayerGraph graph = new LayerGraph("kinds", List.of(
        new Layer("in", new LayerConfig.Input(8, 8, 4), List.of()),
        new Layer("norm", PreprocessingLayers.Normalization.adapted(), List.of("in")),
        new Layer("conv", new Convolutions.Conv2D(4, same, 2, true, ActivationFunction.RELU), List.of("norm")),
        new Layer("dw", new Convolutions.DepthwiseConv2D(same, 2, true, ActivationFunction.LINEAR), List.of("conv")),
        new Layer("sep", new Convolutions.SeparableConv2D(6, same, 1, true, ActivationFunction.LINEAR), List.of("dw")),
        new Layer("up", new Convolutions.Conv2DTranspose(4, Window.square(2, 2, Padding.VALID), false,
            ActivationFunction.LINEAR), List.of("sep")),
        new Layer("bn", new Normalizations.BatchNormalization(-1, 1e-3f, false, true), List.of("up")),
        new Layer("ln", new Normalizations.LayerNormalization(new int[] {-1}, 1e-6f, true, true), List.of("bn")),
        new Layer("prelu", new ActivationLayers.PReLU(new int[] {1, 2}), List.of("ln")),
        new Layer("scale", new ApplicationLayers.LayerScale(1e-6f, 4), List.of("prelu")),
        new Layer("dense", new CoreLayers.Dense(3, ActivationFunction.SOFTMAX), List.of("scale"))));

    var weights = UntrainedWeights.generate(graph, 7);
    Network network = Network.bind(graph, weights, WeightsOrigin.untrained(7));

    assertEquals(graph.weightedLayers().size(), weights.size());
    assertEquals(List.of(1f, 1f, 1f, 1f), floats(network.weights("scale").get(0).data()));
  }

  private static List<Float> floats(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return List.of(boxed);
  }
}
