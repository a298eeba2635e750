package org.convlens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ResNet50V2Test {
  private final LayerGraph top = ResNet50V2.graph(true);

  @Test
  void parameterCountsMatchKeras() {
    ModelSummary summary = ModelSummary.of(top);
    assertEquals(25_613_800, summary.totalParams());
    assertEquals(45_440, summary.nonTrainableParams());
    assertEquals(23_564_800, ModelSummary.of(ResNet50V2.graph(false)).totalParams());
  }

  @Test
  void stageShapesMatchKeras() {
    assertArrayEquals(new int[] {112, 112, 64}, top.outputShape("conv1_conv"));
    assertArrayEquals(new int[] {28, 28, 256}, top.outputShape("conv2_block3_out"));
    assertArrayEquals(new int[] {14, 14, 512}, top.outputShape("conv3_block4_out"));
    assertArrayEquals(new int[] {7, 7, 1024}, top.outputShape("conv4_block6_out"));
    assertArrayEquals(new int[] {7, 7, 2048}, top.outputShape("conv5_block3_out"));
    assertArrayEquals(new int[] {1000}, top.outputShape("predictions"));
    assertArrayEquals(new int[] {56, 56, 64}, top.outputShape("pool1_pool"));
  }

  @Test
  void layerCountAndWeightedLayersMatchKeras() {
    // Keras's ResNet50V2 has 192 layers with the head; 272 weight tensors in the official file.
    assertEquals(192, top.layers().size());
    int tensors = top.weightedLayers().stream().mapToInt(l -> top.weightSpecs(l).size()).sum();
    assertEquals(272, tensors);
    assertEquals("conv1_conv", top.firstConvLayer());
    assertFalse(ResNet50V2.graph(false).contains("predictions"));
  }

  @Test
  void summaryFormatsLikeKeras() {
    ModelSummary summary = ModelSummary.of(top);
    ModelSummary.Row conv1 = summary.rows().stream().filter(r -> r.layer().equals("conv1_conv")).findFirst().orElseThrow();
    assertEquals("(None, 112, 112, 64)", conv1.formattedShape());
    assertEquals(9_472, conv1.params());
    assertEquals("(None, 1000)", summary.rows().get(summary.rows().size() - 1).formattedShape());
    String text = summary.toText();
    assertTrue(text.contains("Total params: 25,613,800"), text);
    assertTrue(text.contains("Non-trainable params: 45,440"), text);
  }

  @Test
  void bindingRejectsMissingLayerAndWrongShapeByName() {
    Map<String, List<Tensor>> weights = new HashMap<>(UntrainedWeights.generate(top, 1));
    Network.bind(top, weights, WeightsOrigin.untrained(1)); // fits

    Map<String, List<Tensor>> missing = new HashMap<>(weights);
    missing.remove("conv3_block2_2_conv");
    var e1 = assertThrows(WeightsMismatchException.class, () -> Network.bind(top, missing, WeightsOrigin.untrained(1)));
    assertTrue(e1.getMessage().contains("'conv3_block2_2_conv'"), e1.getMessage());

    Map<String, List<Tensor>> wrong = new HashMap<>(weights);
    wrong.put("conv1_conv", List.of(Tensor.zeros(3, 3, 3, 64), Tensor.zeros(64)));
    var e2 = assertThrows(WeightsMismatchException.class, () -> Network.bind(top, wrong, WeightsOrigin.untrained(1)));
    assertTrue(e2.getMessage().contains("(7, 7, 3, 64)") && e2.getMessage().contains("(3, 3, 3, 64)"), e2.getMessage());
  }

  @Test
  void untrainedWeightsAreSeededAndHeScaled() {
    Tensor a = UntrainedWeights.generate(top, 7).get("conv1_conv").get(0);
    Tensor b = UntrainedWeights.generate(top, 7).get("conv1_conv").get(0);
    Tensor c = UntrainedWeights.generate(top, 8).get("conv1_conv").get(0);
    assertArrayEquals(a.data(), b.data());
    assertFalse(java.util.Arrays.equals(a.data(), c.data()));
    double sumSq = 0;
    for (float v : a.data()) {
      sumSq += v * v;
    }
    double std = Math.sqrt(sumSq / a.size());
    assertEquals(Math.sqrt(2.0 / (7 * 7 * 3)), std, 0.01);
  }

  @Test
  void topPredictionsAreSortedWithLabels() {
    ImageNetClasses classes = ImageNetClasses.load();
    assertEquals(1000, classes.size());
    assertEquals("tench", classes.label(0));
    assertEquals("tabby", classes.label(281));
    float[] p = new float[1000];
    p[281] = 0.5f;
    p[285] = 0.3f;
    p[0] = 0.2f;
    List<Prediction> top3 = classes.top(Tensor.of(p, 1000), 3);
    assertEquals(List.of(281, 285, 0), top3.stream().map(Prediction::classIndex).toList());
    assertEquals("Egyptian cat", top3.get(1).label());
  }
}
