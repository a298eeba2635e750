package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.convlens.image.Preprocessing;
import org.convlens.model.ActivationFunction;
import org.convlens.model.CoreLayers;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Pooling;
import org.convlens.model.Prediction;
import org.convlens.model.ResNet50V2;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The pure parts of the pipeline: which output is ranked and how, and what array a model takes. */
class AnalyzerTest {
  private static final ImageNetClasses CLASSES = ImageNetClasses.load();

  /** A 4x6 RGB input, pooled to a vector of 3 outputs. */
  private static LayerGraph tiny(String name) {
    return new LayerGraph(name, List.of(
        new Layer("input_1", new LayerConfig.Input(4, 6, 3), List.of()),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("input_1")),
        new Layer("head", new CoreLayers.Dense(3, ActivationFunction.LINEAR), List.of("gap"))));
  }

  @Test
  void anOutputVectorIsRankedAsUnitsUnlessItHasTheThousandImageNetClasses() {
    List<Prediction> units = Analyzer.top(Tensor.of(new float[] {0.1f, 0.81f, -3f, 0.81f}, 4), 3, CLASSES);
    assertEquals(List.of(1, 3, 0), units.stream().map(Prediction::classIndex).toList(), "ties: lower index first");
    assertNull(units.get(0).label());
    assertEquals(0.81f, units.get(0).probability());

    float[] p = new float[1000];
    p[285] = 0.9f;
    List<Prediction> classes = Analyzer.top(Tensor.of(p, 1000), 1, CLASSES);
    assertEquals("Egyptian cat", classes.get(0).label());
  }

  @Test
  void onlyAVectorOutputHasPredictions() {
    assertEquals(Optional.of("head"), Analyzer.outputVector(tiny("tiny")));
    assertEquals(Optional.of(ResNet50V2.PREDICTIONS), Analyzer.outputVector(ResNet50V2.graph(true)));
    assertEquals(Optional.empty(), Analyzer.outputVector(ResNet50V2.graph(false)), "no head: feature maps");
  }

  @Test
  void theDefaultPreprocessingFollowsTheArchitecturesName() {
    assertEquals(Preprocessing.TF, Analyzer.defaultPreprocessing(ResNet50V2.graph(true)));
    assertEquals(Preprocessing.CAFFE, Analyzer.defaultPreprocessing(tiny("resnet50")));
    assertEquals(Preprocessing.TF, Analyzer.defaultPreprocessing(tiny("my_model")));
  }

  @Test
  void anArrayIsTakenWithOrWithoutItsBatchDimension() {
    LayerGraph graph = tiny("tiny");
    Tensor sample = Tensor.zeros(4, 6, 3);
    assertArrayEquals(new int[] {1, 4, 6, 3}, Analyzer.batch(sample, graph).shape());
    Tensor batch = Tensor.zeros(2, 4, 6, 3);
    assertSame(batch, Analyzer.batch(batch, graph));
    var e = assertThrows(IllegalArgumentException.class, () -> Analyzer.batch(Tensor.zeros(6, 4, 3), graph));
    assertTrue(e.getMessage().contains("(6, 4, 3)") && e.getMessage().contains("(4, 6, 3)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Analyzer.batch(Tensor.zeros(1, 1, 4, 6, 3), graph));
  }
}
