package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convlens.image.Preprocessing;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ClassMapsTest {

  @Test
  void gradCamWeighsEachMapByItsMeanGradient() {
    // 1x2 positions, 2 channels: channel 0's mean gradient is 1, channel 1's is -0.5.
    Tensor a = Tensor.of(new float[] {2, 0, 1, 4}, 1, 2, 2);
    Tensor g = Tensor.of(new float[] {1.5f, -1, 0.5f, 0}, 1, 2, 2);
    // Position 0: 1*2 - 0.5*0 = 2; position 1: 1*1 - 0.5*4 = -1, cut by the ReLU; divided by the maximum 2.
    assertArrayEquals(new float[] {1, 0}, ClassMaps.gradCam(a, g).data());
    assertArrayEquals(new int[] {1, 2}, ClassMaps.gradCam(a, g).shape());
  }

  @Test
  void mapWithoutPositiveEvidenceStaysZeroNotNaN() {
    Tensor a = Tensor.of(new float[] {1, 1, 1, 1}, 2, 2, 1);
    Tensor g = Tensor.of(new float[] {-1, -1, -1, -1}, 2, 2, 1);
    assertArrayEquals(new float[4], ClassMaps.gradCam(a, g).data());
    assertArrayEquals(new float[3], ClassMaps.normalised(Tensor.zeros(1, 3)).data());
  }

  @Test
  void saliencyIsTheLargestMagnitudeOverChannels() {
    Tensor g = Tensor.of(new float[] {0.1f, -0.7f, 0.3f, 0, 0.2f, -0.1f}, 1, 2, 3);
    assertArrayEquals(new float[] {0.7f, 0.2f}, ClassMaps.saliency(g).data());
  }

  @Test
  void massInsideCountsTheBoxShare() {
    Tensor map = Tensor.of(new float[] {1, 1, 0, 2}, 2, 2);
    assertEquals(0.5, ClassMaps.massInside(map, 0, 0, 2, 1), 1e-9);
    assertEquals(0.5, ClassMaps.massInside(map, 1, 1, 2, 2), 1e-9);
    assertEquals(0, ClassMaps.massInside(Tensor.zeros(2, 2), 0, 0, 2, 2));
  }

  @Test
  void gradCamLooksAtTheNetworksLastStageByDefault() {
    LayerGraph g = new LayerGraph("two", List.of(
        new Layer("in", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("a", new Convolutions.Conv2D(2, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("b", new Convolutions.Conv2D(2, 3, 3, 2, LayerConfig.Padding.SAME, true), List.of("a"))));
    Network found = Network.bind(g, UntrainedWeights.generate(g, 1), WeightsOrigin.untrained(1));
    assertEquals("b", Explainer.defaultLayer(found), "shape-found stages: the last layer at the last resolution");
    // A built-in model brings its own stages (VGG16's last is block5_conv3, not the pool after it).
    assertEquals("a", Explainer.defaultLayer(found.withStages(List.of(new NetworkStage("one", "a")), null)));
  }
}
