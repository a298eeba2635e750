package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.KerasH5Writer.DatasetType;
import org.convlens.testing.KerasH5Writer.Options;
import org.convlens.testing.TestFiles;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a weights file can be wrong gives a specific message that names the file and says what to do. */
class KerasWeightsReaderBadFilesTest {
  @TempDir Path dir;

  private static KerasFormatException refused(Path file) {
    KerasFormatException e = assertThrows(KerasFormatException.class, () -> KerasWeightsReader.read(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    UserMessages.assertPlain(e);
    return e;
  }

  private static void assertMentions(KerasFormatException e, String... phrases) {
    for (String phrase : phrases) {
      assertTrue(e.getMessage().contains(phrase), () -> "'" + phrase + "' not in: " + e.getMessage());
    }
  }

  @Test
  void missingFile() {
    KerasFormatException e = refused(BadWeightsFiles.missing(dir));
    assertMentions(e, "file not found", "download");
  }

  @Test
  void folder() {
    assertMentions(refused(dir), "is a folder");
  }

  @Test
  void emptyFile() throws IOException {
    assertMentions(refused(BadWeightsFiles.empty(dir)), "empty (0 bytes)", "download");
  }

  @Test
  void textFile() throws IOException {
    KerasFormatException e = refused(BadWeightsFiles.text(dir));
    assertMentions(e, "not an HDF5 file");
    assertNotNull(e.getCause(), "jhdf's error is kept as the cause");
  }

  @Test
  void truncatedRealFile() throws IOException {
    for (Path file : List.of(TestFiles.mobileNet(), TestFiles.squeezeNetNoTop())) {
      byte[] bytes = Files.readAllBytes(file);
      Path half = BadWeightsFiles.truncated(dir, file);

      KerasFormatException e = refused(half);

      assertMentions(e, "truncated", bytes.length / 2 + " bytes", "says " + bytes.length, "download");
    }
  }

  @Test
  void hdf5WithoutLayerNames() {
    assertMentions(refused(BadWeightsFiles.withoutLayerNames(dir)), "not a Keras weights file", "layer_names");
  }

  @Test
  void kerasThreeZip() {
    KerasFormatException e = refused(TestFiles.keras("k3_functional_layer_zoo.keras"));
    assertMentions(e, "zip archive", "model.save('model.h5')");
  }

  @Test
  void kerasThreeWeightsLayout() throws IOException {
    assertMentions(refused(BadWeightsFiles.kerasThreeWeights(dir)), "Keras 3 weights file", "model.save('model.h5')");
  }

  @Test
  void layerGroupMissing() {
    assertMentions(refused(BadWeightsFiles.groupMissing(dir)), "layer 'fire2/squeeze1x1'", "group is missing");
  }

  @Test
  void weightDatasetMissing() {
    assertMentions(refused(BadWeightsFiles.datasetMissing(dir)), "weight 'conv1_3/bias:0' of layer 'conv1'", "missing");
  }

  @Test
  void aDatasetClaimingMoreValuesThanTheFileHoldsIsRefusedBeforeAllocating() {
    assertMentions(refused(BadWeightsFiles.claims(dir, 1L << 28)), "'/conv1/conv1_3/bias:0' claims 268435456 values",
        "refused");
    assertMentions(refused(BadWeightsFiles.claims(dir, 1L << 31)), "bias:0", "refused");
  }

  @Test
  void integerWeightsAreRefusedByDatasetPath() {
    assertMentions(refused(BadWeightsFiles.integerWeights(dir)), "'/conv1/conv1_3/kernel:0'", "float32 and float64");
  }

  @Test
  void integerScalarCountIsReadAsANumber() {
    // Keras's Normalization layer saves its adapt count as an int64 scalar beside float mean and variance.
    Path file = dir.resolve("count.h5");
    KerasH5Writer.write(file, List.of(new KerasLayer("normalization",
        List.of(new KerasWeight("normalization/count:0", Tensor.of(new float[] {42f}))))),
        Options.fixedLengthStrings().withDatasetType(DatasetType.INT32));

    Tensor count = KerasWeightsReader.read(file).layer("normalization").orElseThrow().weights().get(0).value();
    assertEquals(0, count.rank());
    assertEquals(42f, count.data()[0]);
  }

  @Test
  void damagedGroupHeader() throws IOException {
    // Bytes inside the object header of group /model_weights/conv1 overwritten.
    KerasFormatException e = refused(BadWeightsFiles.damagedGroupHeader(dir));

    assertMentions(e, "damaged", "/model_weights/conv1", "again");
    assertNotNull(e.getCause());
  }
}
