package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** How a class map is drawn: Grad-CAM as computed, saliency maps stretched to their 99th percentile. */
class HeatmapTest {
  @Test
  void aSaliencyMapIsShownDividedByIts99thPercentileAndCapped() {
    // 995 faint gradients 0, 0.0001, ..., 0.0994 and 5 spikes at 1: the 99th percentile (entry 990 of 1000 in
    // order) is 0.099, so the faint ones reach full colour near the top instead of staying under 10%.
    float[] values = new float[1000];
    for (int k = 0; k < 995; k++) {
      values[k] = k * 1e-4f;
    }
    for (int k = 995; k < 1000; k++) {
      values[k] = 1;
    }
    float[] raw = values.clone();
    for (Method m : new Method[] {Method.SALIENCY, Method.SMOOTHGRAD}) {
      Heatmap map = new Heatmap(Tensor.of(values, 25, 40), m, "input_1", 3, 1f);
      float[] shown = map.displayed().data();
      for (int k = 0; k < 995; k++) {
        assertEquals(Math.min(1, k * 1e-4 / 0.099), shown[k], 1e-5, m + " entry " + k);
      }
      for (int k = 995; k < 1000; k++) {
        assertEquals(1, shown[k], m + " spikes are capped");
      }
      assertArrayEquals(new int[] {25, 40}, map.displayed().shape());
      assertArrayEquals(raw, map.map().data(), "the map itself keeps the raw values");
      assertEquals("map divided by its 99th percentile, capped at 1", map.displayNote());
    }
  }

  @Test
  void gradCamIsShownAsComputed() {
    Tensor cam = Tensor.of(new float[] {0, 0.25f, 0.5f, 1}, 2, 2);
    Heatmap map = new Heatmap(cam, Method.GRADCAM, "conv", 1, 2f);
    assertSame(cam, map.displayed());
    assertTrue(map.displayNote().isEmpty());
  }

  @Test
  void anEmptySaliencyMapStaysEmpty() {
    Heatmap map = new Heatmap(Tensor.zeros(4, 4), Method.SALIENCY, "input_1", 0, 0f);
    for (float v : map.displayed().data()) {
      assertEquals(0, v, "no NaN from a zero percentile");
    }
  }
}
