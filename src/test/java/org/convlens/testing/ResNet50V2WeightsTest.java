package org.convlens.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.model.keras.KerasWeights;
import org.convlens.model.keras.KerasWeightsReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in ResNet50V2 weights have Keras's names and shapes, and survive a full-size write and read. */
class ResNet50V2WeightsTest {
  @TempDir Path dir;

  private static KerasLayer layer(List<KerasLayer> layers, String name) {
    return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void namesAndShapesAreKeras() {
    List<KerasLayer> layers = ResNet50V2Weights.layers(1);

    assertEquals(192, layers.size(), "len(model.layers) of keras.applications.ResNet50V2");
    assertEquals(ResNet50V2Weights.PARAMETER_COUNT, layers.stream().mapToLong(KerasLayer::parameterCount).sum());
    assertEquals(List.of("conv1_conv/kernel:0", "conv1_conv/bias:0"),
        layer(layers, "conv1_conv").weights().stream().map(KerasWeight::name).toList());
    assertArrayEquals(new int[] {7, 7, 3, 64}, layer(layers, "conv1_conv").weights().get(0).value().shape());
    assertArrayEquals(new int[] {1, 1, 64, 256}, layer(layers, "conv2_block1_0_conv").weights().get(0).value().shape());
    assertArrayEquals(new int[] {3, 3, 512, 512},
        layer(layers, "conv5_block3_2_conv").weights().get(0).value().shape());
    assertEquals(1, layer(layers, "conv4_block6_2_conv").weights().size(), "no bias on _2_conv");
    assertArrayEquals(new int[] {2048, 1000}, layer(layers, "predictions").weights().get(0).value().shape());
    assertEquals(List.of("max_pooling2d", "max_pooling2d_1", "max_pooling2d_2"),
        layers.stream().map(KerasLayer::name).filter(n -> n.startsWith("max_pooling2d")).toList());
  }

  @Test
  void sameSeedSameValues() {
    float[] a = layer(ResNet50V2Weights.layers(5), "post_bn").weights().get(0).value().data();
    float[] b = layer(ResNet50V2Weights.layers(5), "post_bn").weights().get(0).value().data();
    assertArrayEquals(a, b);
  }

  /** Prints how long a 25.6M-value file takes to generate, write and read; run with -Dgroups=benchmark. */
  @Test
  @Tag("benchmark")
  void fullSizeFileTiming() throws Exception {
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      List<KerasLayer> layers = ResNet50V2Weights.layers(run);
      long t1 = System.nanoTime();
      Path file = dir.resolve("resnet50v2.h5");
      KerasH5Writer.write(file, layers);
      long t2 = System.nanoTime();
      KerasWeights read = KerasWeightsReader.read(file);
      long t3 = System.nanoTime();
      assertEquals(ResNet50V2Weights.PARAMETER_COUNT, read.parameterCount());
      assertArrayEquals(layer(layers, "predictions").weights().get(0).value().data(),
          read.layer("predictions").orElseThrow().weights().get(0).value().data());
      System.out.printf("ResNet50V2 %,d values, %,d bytes: generate %d ms, write %d ms, read %d ms%n",
          read.parameterCount(), Files.size(file), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000);
      assertTrue(Files.size(file) > 4 * ResNet50V2Weights.PARAMETER_COUNT);
    }
  }
}
