package org.convlens.model.applications;

import java.util.List;
import org.convlens.model.ActivationFunction;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.LayerGraph;
import org.convlens.model.NetworkStage;
import org.convlens.model.Pooling;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;

/**
 * Keras's VGG16 ({@code keras.applications.VGG16}) as a layer graph with Keras's layer names. Mirrors
 * {@code keras/src/applications/vgg16.py}: five blocks of 3x3 same-padded ReLU convolutions, each closed by a
 * 2x2 max pool, then Flatten and two 4096-unit ReLU Dense layers before the classifier.
 */
public final class VGG16 {
  public static final String NAME = "vgg16";
  public static final int INPUT_SIZE = 224;
  public static final String PREDICTIONS = "predictions";

  /** The last convolution of each block: what the classic filter / feature-map tutorial shows. */
  public static final List<NetworkStage> STAGES =
      List.of(
          new NetworkStage("block1", "block1_conv2"),
          new NetworkStage("block2", "block2_conv2"),
          new NetworkStage("block3", "block3_conv3"),
          new NetworkStage("block4", "block4_conv3"),
          new NetworkStage("block5", "block5_conv3"));

  private VGG16() {}

  /** The graph with the 1000-class head ({@code includeTop}) or without it (the "notop" weights). */
  public static LayerGraph graph(boolean includeTop) {
    FunctionalBuilder b = new FunctionalBuilder();
    String x = b.input(INPUT_SIZE);
    int[][] blocks = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};
    for (int i = 0; i < blocks.length; i++) {
      String block = "block" + (i + 1);
      for (int c = 1; c <= blocks[i][1]; c++) {
        x = b.add(block + "_conv" + c, new Convolutions.Conv2D(blocks[i][0], Window.square(3, 1, Padding.SAME), 1,
            true, ActivationFunction.RELU), x);
      }
      x = b.add(block + "_pool", new Pooling.MaxPooling2D(2, 2, Padding.VALID), x);
    }
    if (includeTop) {
      x = b.add("flatten", new Reshaping.Flatten(), x);
      x = b.add("fc1", new CoreLayers.Dense(4096, ActivationFunction.RELU), x);
      x = b.add("fc2", new CoreLayers.Dense(4096, ActivationFunction.RELU), x);
      b.add(PREDICTIONS, new CoreLayers.Dense(1000, ActivationFunction.SOFTMAX), x);
    }
    return b.graph(NAME);
  }
}
