package org.convlens.model.keras;

import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.KerasH5Writer.DatasetType;
import org.convlens.testing.KerasH5Writer.Options;
import org.convlens.testing.TestFiles;

/**
 * The bad weights files of {@code KerasWeightsReaderBadFilesTest}, made in a folder, so the test of every message
 * ({@code PlainMessagesTest}) reads the same files without copying the suite.
 */
public final class BadWeightsFiles {
  private BadWeightsFiles() {}

  /** Every bad file, by a short name. */
  public static Map<String, Path> all(Path dir) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("missing", missing(dir));
    files.put("folder", dir);
    files.put("empty", empty(dir));
    files.put("text", text(dir));
    files.put("truncated MobileNet", truncated(dir, TestFiles.mobileNet()));
    files.put("truncated SqueezeNet", truncated(dir, TestFiles.squeezeNetNoTop()));
    files.put("HDF5 without layer_names", withoutLayerNames(dir));
    files.put("Keras 3 zip", TestFiles.keras("k3_functional_layer_zoo.keras"));
    files.put("Keras 3 weights", kerasThreeWeights(dir));
    files.put("group missing", groupMissing(dir));
    files.put("dataset missing", datasetMissing(dir));
    files.put("claims 2^28 values", claims(dir, 1L << 28));
    files.put("claims 2^31 values", claims(dir, 1L << 31));
    files.put("integer weights", integerWeights(dir));
    files.put("damaged group header", damagedGroupHeader(dir));
    return files;
  }

  public static Path missing(Path dir) {
    return dir.resolve("nowhere.h5");
  }

  public static Path empty(Path dir) throws IOException {
    return Files.write(dir.resolve("empty.h5"), new byte[0]);
  }

  public static Path text(Path dir) throws IOException {
    return Files.writeString(dir.resolve("weights.h5"), "<html>404 Not Found</html>\n");
  }

  /** {@code source} cut at half its length. */
  public static Path truncated(Path dir, Path source) throws IOException {
    byte[] bytes = Files.readAllBytes(source);
    return Files.write(dir.resolve("half-" + source.getFileName()), Arrays.copyOf(bytes, bytes.length / 2));
  }

  /** An HDF5 file with a group and no Keras attributes. */
  public static Path withoutLayerNames(Path dir) {
    Path file = dir.resolve("plain.h5");
    H5open();
    long fileId = H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    try {
      H5Gclose(H5Gcreate2(fileId, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    } finally {
      H5Fclose(fileId);
    }
    return file;
  }

  /** The model.weights.h5 of a Keras 3 archive, on its own. */
  public static Path kerasThreeWeights(Path dir) throws IOException {
    Path archive = TestFiles.keras("k3_functional_layer_zoo.keras");
    Path weights = dir.resolve("model.weights.h5");
    try (ZipFile zip = new ZipFile(archive.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
      Files.copy(in, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return weights;
  }

  /** Without the group of layer 'fire2/squeeze1x1'. */
  public static Path groupMissing(Path dir) {
    Path file = dir.resolve("no-group.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers());
    KerasH5Writer.removeObject(file, "/fire2/squeeze1x1");
    return file;
  }

  /** Without the dataset 'conv1/conv1_3/bias:0'. */
  public static Path datasetMissing(Path dir) {
    Path file = dir.resolve("no-dataset.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers());
    KerasH5Writer.removeObject(file, "/conv1/conv1_3/bias:0");
    return file;
  }

  /** With '/conv1/conv1_3/bias:0' claiming {@code values} values it does not hold. */
  public static Path claims(Path dir, long values) {
    Path file = dir.resolve("claims-" + values + ".h5");
    datasetMissing(dir);
    try {
      Files.copy(dir.resolve("no-dataset.h5"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    KerasH5Writer.addClaimedDataset(file, "/conv1/conv1_3/bias:0", values);
    return file;
  }

  public static Path integerWeights(Path dir) {
    Path file = dir.resolve("int.h5");
    KerasH5Writer.write(file, KerasWeightsRoundTripTest.sampleLayers(),
        Options.fixedLengthStrings().withDatasetType(DatasetType.INT32));
    return file;
  }

  /** The bundled MobileNet with the object header of group /model_weights/conv1 overwritten. */
  public static Path damagedGroupHeader(Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(TestFiles.mobileNet());
    Arrays.fill(bytes, 2000, 2512, (byte) 0xff);
    return Files.write(dir.resolve("damaged.h5"), bytes);
  }
}
