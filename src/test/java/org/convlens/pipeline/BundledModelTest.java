package org.convlens.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.Network;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained MobileNet that ships inside the app: one source of truth (models/), unpacked safely. */
class BundledModelTest {
  @TempDir Path temp;

  @Test
  void theAppsCopyIsByteIdenticalToTheOneInModels() throws Exception {
    // The build copies models/mobilenet_v1_0.25_224.h5 into the jar's resources; they must never drift.
    assertArrayEquals(Files.readAllBytes(TestFiles.mobileNet()), BundledModel.bytes());
    assertEquals("f750957d4f752ddc082e814a463fa09c", WeightsDownloader.md5Of(TestFiles.mobileNet()));
    assertTrue(BundledModel.class.getResource("/org/convlens/model/bundled/MOBILENET-LICENSE.md") != null,
        "the licence notice travels with the model");
  }

  @Test
  void unpackingWritesTheFileOnceAndReplacesADamagedCopy() throws Exception {
    Path file = BundledModel.unpack(temp);
    assertArrayEquals(BundledModel.bytes(), Files.readAllBytes(file));
    long written = Files.getLastModifiedTime(file).toMillis();

    assertEquals(file, BundledModel.unpack(temp));
    assertEquals(written, Files.getLastModifiedTime(file).toMillis(), "an identical copy is reused");

    byte[] damaged = Files.readAllBytes(file);
    damaged[damaged.length / 2] ^= 0x55;
    Files.write(file, damaged);
    BundledModel.unpack(temp);
    assertArrayEquals(BundledModel.bytes(), Files.readAllBytes(file));
    try (var names = Files.list(file.getParent())) {
      assertEquals(List.of(file), names.toList(), "no temporary file left behind");
    }
  }

  @Test
  void theBundledChoiceLoadsMobileNetWithItsHeadAndSaysWhatItIs() throws Exception {
    NetworkLoader loader = new NetworkLoader(new WeightsLocator(List.of(temp.resolve("none"))), temp);
    Network network = loader.load(new WeightsChoice.Bundled());
    assertTrue(network.hasPredictions());
    assertFalse(network.origin().untrained());
    assertTrue(network.origin().description().contains(BundledModel.DESCRIPTION),
        network.origin().description());
    assertTrue(network.graph().contains("conv_pw_13_relu"));
  }
}
