package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
