package org.convlens.model.keras;

import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.KerasH5Writer.DatasetType;
import org.convlens.testing.KerasH5Writer.Options;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a weights file can be wrong gives a specific message that names the file and says what to do. */
class KerasWeightsReaderBadFilesTest {
  @TempDir Path dir;

  private static KerasFormatException refused(Path file) {
    KerasFormatException e = assertThrows(KerasFormatException.class, () -> KerasWeightsReader.read(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e;
  }

  private static void assertMentions(KerasFormatException e, String... phrases) {
    for (String phrase : phrases) {
      assertTrue(e.getMessage().contains(phrase), () -> "'" + phrase + "' not in: " + e.getMessage());
    }
  }

  @Test
  void missingFile() {
    KerasFormatException e = refused(dir.resolve("nowhere.h5"));
    assertMentions(e, "file not found", "download");
  }

  @Test
  void folder() {
    assertMentions(refused(dir), "is a folder");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.h5"));
    assertMentions(refused(file), "empty (0 bytes)", "download");
  }

  @Test
  void textFile() throws IOException {
    Path file = Files.writeString(dir.resolve("weights.h5"), "<html>404 Not Found</html>\n");
    KerasFormatException e = refused(file);
    assertMentions(e, "not an HDF5 file");
    assertNotNull(e.getCause(), "jhdf's error is kept as the cause");
  }

  @Test
  void truncatedRealFile() throws IOException {
    for (Path file : List.of(TestFiles.mobileNet(), TestFiles.squeezeNetNoTop())) {
      byte[] bytes = Files.readAllBytes(file);
      Path half = Files.write(dir.resolve("half.h5"), Arrays.copyOf(bytes, bytes.length / 2));

      KerasFormatException e = refused(half);

      assertMentions(e, "truncated", bytes.length / 2 + " bytes", "says " + bytes.length, "download");
    }
  }

  @Test
  void hdf5WithoutLayerNames() {
    Path file = dir.resolve("plain.h5");
    H5open();
    long fileId = H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    try {
      H5Gclose(H5Gcreate2(fileId, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    } finally {
      H5Fclose(fileId);
    }

    assertMentions(refused(file), "not a Keras weights file", "layer_names");
  }

  @Test
  void kerasThreeZip() {
    KerasFormatException e = refused(TestFiles.keras("k3_functional_layer_zoo.keras"));
    assertMentions(e, "zip archive", "model.save('model.h5')");
  }

  @Test
  void kerasThreeWeightsLayout() throws IOException {
    Path archive = TestFiles.keras("k3_functional_layer_zoo.keras");
    Path weights = dir.resolve("model.weights.h5");
    try (ZipFile zip = new ZipFile(archive.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
      Files.copy(in, weights);
    }

    assertMentions(refused(weights), "Keras 3 weights file", "model.save('model.h5')");
  }

  @Test
  void layerGroupMissing() {
    Path file = dir.resolve("no-group.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers());
    KerasH5Writer.removeObject(file, "/fire2/squeeze1x1");

    assertMentions(refused(file), "layer 'fire2/squeeze1x1'", "group is missing");
  }

  @Test
  void weightDatasetMissing() {
    Path file = dir.resolve("no-dataset.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers());
    KerasH5Writer.removeObject(file, "/conv1/conv1_3/bias:0");

    assertMentions(refused(file), "weight 'conv1_3/bias:0' of layer 'conv1'", "missing");
  }

  @Test
  void aDatasetClaimingMoreValuesThanTheFileHoldsIsRefusedBeforeAllocating() {
    Path file = dir.resolve("claims.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers());
    KerasH5Writer.removeObject(file, "/conv1/conv1_3/bias:0");
    KerasH5Writer.addClaimedDataset(file, "/conv1/conv1_3/bias:0", 1L << 28);

    assertMentions(refused(file), "'/conv1/conv1_3/bias:0' claims 268435456 values", "refused");

    KerasH5Writer.removeObject(file, "/conv1/conv1_3/bias:0");
    KerasH5Writer.addClaimedDataset(file, "/conv1/conv1_3/bias:0", 1L << 31);
    assertMentions(refused(file), "bias:0", "refused");
  }

  @Test
  void integerWeightsAreRefusedByDatasetPath() {
    Path file = dir.resolve("int.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers(),
        Options.fixedLengthStrings().withDatasetType(DatasetType.INT32));

    assertMentions(refused(file), "'/conv1/conv1_3/kernel:0'", "float32 and float64");
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
    byte[] bytes = Files.readAllBytes(TestFiles.mobileNet());
    Arrays.fill(bytes, 2000, 2512, (byte) 0xff); // inside the object header of group /model_weights/conv1
    Path file = Files.write(dir.resolve("damaged.h5"), bytes);

    KerasFormatException e = refused(file);

    assertMentions(e, "damaged", "/model_weights/conv1", "again");
    assertNotNull(e.getCause());
  }
}
