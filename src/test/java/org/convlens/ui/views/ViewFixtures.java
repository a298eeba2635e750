package org.convlens.ui.views;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/** Network and analysis states built without TensorFlow: seeded random weights and activations. */
final class ViewFixtures {
  /** conv2's channels 5, 6 and 7 are exactly zero, so the mosaic reports 3 dead channels. */
  static final int[] DEAD_CONV2 = {5, 6, 7};
  private static Network network;

  private ViewFixtures() {}

  /** ResNet50V2 with the head and untrained weights (seed 1); built once, it holds 25.6 M values. */
  static synchronized Network network() {
    if (network == null) {
      LayerGraph graph = ResNet50V2.graph(true);
      network = Network.bind(graph, UntrainedWeights.generate(graph, 1), WeightsOrigin.untrained(1))
          .withStages(ResNet50V2.STAGES, ResNet50V2.PREDICTIONS);
    }
    return network;
  }

  /** Random activations of the five stage outputs plus predictions, for a random 300x200 "cat.png". */
  static Analysis analysis(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> acts = new LinkedHashMap<>();
    acts.put("conv1_conv", random(random, 112, 112, 64));
    Tensor conv2 = random(random, 28, 28, 256);
    for (int i = 0; i < 28 * 28; i++) {
      for (int ch : DEAD_CONV2) {
        conv2.data()[i * 256 + ch] = 0;
      }
    }
    acts.put("conv2_block3_out", conv2);
    acts.put("conv3_block4_out", random(random, 14, 14, 512));
    acts.put("conv4_block6_out", random(random, 7, 7, 1024));
    acts.put("conv5_block3_out", random(random, 7, 7, 2048));
    acts.put(ResNet50V2.PREDICTIONS, random(random, 1000));
    return analysis(new Activations(acts), random);
  }

  static Analysis analysis(Activations activations, SplittableRandom random) {
    int[] px = new int[300 * 200];
    for (int i = 0; i < px.length; i++) {
      px[i] = random.nextInt(0x1000000);
    }
    RgbImage original = new RgbImage(300, 200, px);
    ModelInput input = ModelInput.prepare(original, ResNet50V2.INPUT_SIZE, Preprocessing.TF);
    return new Analysis(Path.of("/pictures/cat.png"), original, input, activations, List.of(),
        WeightsOrigin.untrained(1), 42);
  }

  static Tensor random(SplittableRandom random, int... shape) {
    float[] d = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) random.nextGaussian();
    }
    return Tensor.of(d, shape);
  }

  /** A random activation with the layer's real output shape, as an on-demand computation would return. */
  static Tensor activationOf(String layer, long seed) {
    return random(new SplittableRandom(seed), network().graph().outputShape(layer));
  }
}
