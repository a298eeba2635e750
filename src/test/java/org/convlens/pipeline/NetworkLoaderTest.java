package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.weights.KnownWeights;
import org.convlens.model.weights.WeightsFile;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkLoaderTest {
  private static final String MD5 = "0123456789abcdef0123456789abcdef";
  private static final KnownWeights KNOWN = new KnownWeights("resnet50v2",
      List.of(new WeightsFile("official.h5", MD5, true)), List.of(URI.create("http://127.0.0.1/")));

  @Test
  void theOfficialFileIsRecognisedByItsMd5WhateverItsName() throws Exception {
    assertEquals("renamed.h5 (official ImageNet weights, MD5 checked)",
        NetworkLoader.describe(Path.of("renamed.h5"), MD5.toUpperCase(), KNOWN));
  }

  @Test
  void anotherFileUnderTheOfficialNameSaysSo() throws Exception {
    try (org.convlens.testing.LogLines log = new org.convlens.testing.LogLines(NetworkLoader.class)) {
      assertEquals("official.h5 (not the official file: its MD5 differs)",
          NetworkLoader.describe(Path.of("official.h5"), "ffffffffffffffffffffffffffffffff", KNOWN));
      assertTrue(log.lines().stream().anyMatch(l -> l.contains("official.h5") && l.contains("download it again")),
          String.valueOf(log.lines()));
    }
    assertEquals("mine.h5", NetworkLoader.describe(Path.of("mine.h5"), "ffffffffffffffffffffffffffffffff", KNOWN));
  }

  @Test
  void randomTestWeightsUnderTheOfficialNameAreNotCalledOfficial() throws Exception {
    assertEquals("resnet50v2_weights_tf_dim_ordering_tf_kernels.h5 (not the official file: its MD5 differs)",
        NetworkLoader.fromFile(TestModels.resnetWeights()).origin().description());
  }

  @Test
  void theCacheKeyOfAnArchitectureWithWeightsCoversTheArchitectureAndTheInputSize(@TempDir Path dir)
      throws Exception {
    Path weights = TestFiles.keras("k2_weights_sequential_conv2d_1layer_hls4ml.h5");
    Path json = TestFiles.keras("k2_arch_sequential_conv2d_1layer_hls4ml.json");
    Path relu = dir.resolve("relu.json");
    String text = Files.readString(json);
    Files.writeString(relu, text.replace("\"activation\": \"linear\"", "\"activation\": \"relu\""));
    assertNotEquals(text, Files.readString(relu), "the test changes the architecture");
    String linearKey = NetworkLoader.fromModelFile(json, weights, 224).origin().cacheKey();
    String reluKey = NetworkLoader.fromModelFile(relu, weights, 224).origin().cacheKey();
    assertNotEquals(linearKey, reluKey, "same weights, other graph: another cached SavedModel");

    Path mtcnn = TestFiles.keras("k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5");
    assertNotEquals(NetworkLoader.fromModelFile(mtcnn, null, 224).origin().cacheKey(),
        NetworkLoader.fromModelFile(mtcnn, null, 96).origin().cacheKey(), "an open input size read at another size");
  }

  @Test
  void aWholeModelFileGivenAsWeightsKeepsItsNestedModel() throws Exception {
    var network = NetworkLoader.fromFile(TestFiles.keras("k3_nested_mobilenet_in_sequential.h5"));
    assertEquals(8, network.weights("mobilenet_0.25_224/conv1").get(0).shape()[3]);
    assertEquals("head", network.graph().outputLayer());
  }
}
