package org.convlens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convlens.model.keras.KerasArchitecture;
import org.convlens.model.keras.KerasWeightsReader;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;

class StagesTest {
  @Test
  void resNet50V2BoundDirectlyKeepsKerassStageNames() {
    assertEquals(ResNet50V2.STAGES, Stages.of(ResNet50V2.graph(true)));
    assertEquals(ResNet50V2.STAGES, Stages.of(ResNet50V2.graph(false)));
    assertEquals(ResNet50V2.STAGES, Network.bind(ResNet50V2.graph(true),
        UntrainedWeights.generate(ResNet50V2.graph(true), 1), WeightsOrigin.untrained(1)).stages());
  }

  @Test
  void anotherNetworkGetsTheLastLayerAtEachResolution() {
    var file = TestFiles.mobileNet();
    LayerGraph mobilenet = KerasArchitecture.parse(file, KerasWeightsReader.read(file).modelConfig());
    assertEquals(List.of("conv_pw_1_relu", "conv_pw_3_relu", "conv_pw_5_relu", "conv_pw_11_relu", "conv_pw_13_relu"),
        Stages.of(mobilenet).stream().map(NetworkStage::layer).toList());
    assertEquals("stage1", Stages.of(mobilenet).get(0).name());
    assertEquals(List.of("stage1", "stage2", "stage3", "stage4", "stage5"), List.copyOf(Stages.layerMap(mobilenet).keySet()));
  }

  @Test
  void padsAndOneByOneMapsAreNotStages() {
    LayerGraph g = new LayerGraph("tiny", List.of(
        new Layer("in", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("pad", Reshaping.ZeroPadding2D.symmetric(1), List.of("conv")),
        new Layer("pool", new Pooling.MaxPooling2D(2, 2, LayerConfig.Padding.VALID), List.of("pad")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(true), List.of("pool"))));
    assertEquals(List.of(new NetworkStage("stage1", "conv"), new NetworkStage("stage2", "pool")), Stages.of(g));
    // Every layer with a (height, width, channels) output is offered for Grad-CAM and Compare; the input is not.
    assertEquals(List.of("conv", "pad", "pool", "gap"), g.mapLayers());
  }
}
