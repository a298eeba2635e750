package org.convlens.testing;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Acreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Awrite;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_chunk_info_by_coord;
import static org.bytedeco.hdf5.global.hdf5.H5Dwrite;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fopen;
import static org.bytedeco.hdf5.global.hdf5.H5P_CLS_DATASET_CREATE_ID_g;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Pclose;
import static org.bytedeco.hdf5.global.hdf5.H5Pcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_chunk;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_deflate;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_FLOAT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_INT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STD_I32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Tensor;

/**
 * Makes the hostile model corpus in {@code src/test/resources/hostile/} (listed, with the message each one must
 * get, in the README there): small Keras files that are damaged, lie about their sizes or try to escape, each
 * made from one tiny valid model by one change. Large claims are made with small files.
 *
 * <p>Regenerate with {@code mvn -o -q test -Dtest=HostileCorpusTest -Dconvlens.hostile.regenerate=true}.
 */
public final class HostileCorpus {
  /** The corpus folder, relative to the project root where Maven runs the tests. */
  public static final Path FOLDER = Path.of("src", "test", "resources", "hostile");

  private HostileCorpus() {}

  /** The ways into a model file that the app and the command line use. */
  public enum EntryPoint { KERAS_MODEL_READ, NETWORK_LOADER, CLI_SUMMARY }

  /**
   * One file refused through one entry point: the message people read (for the command line, its stderr), the
   * exception behind it (the reader's, for the command line too), the test thread's CPU time, wall time and
   * allocated bytes.
   */
  public record Refusal(Path file, EntryPoint entryPoint, String message, Throwable exception, long cpuNanos,
      long wallNanos, long allocatedBytes) {}

  /**
   * Feeds {@code file} to every entry point; each must refuse it. The command line runs with {@code dirs} as its
   * config and cache folders.
   */
  public static List<Refusal> refuse(Path file, org.convlens.pipeline.AppDirs dirs) {
    List<Refusal> refusals = new java.util.ArrayList<>();
    Throwable[] reader = new Throwable[1];
    refusals.add(measure(file, EntryPoint.KERAS_MODEL_READ, () -> {
      try {
        org.convlens.model.keras.KerasModel.read(file, null);
        throw new AssertionError(file + " was opened by KerasModel.read");
      } catch (org.convlens.model.keras.KerasFormatException e) {
        reader[0] = e;
        return new Said(e.getMessage(), e);
      }
    }));
    refusals.add(measure(file, EntryPoint.NETWORK_LOADER, () -> {
      var loader = new org.convlens.pipeline.NetworkLoader(
          new org.convlens.model.weights.WeightsLocator(List.of(dirs.cache().resolve("no-weights"))), dirs.cache());
      try {
        loader.load(new org.convlens.pipeline.WeightsChoice.Model(file, null));
        throw new AssertionError(file + " was opened by NetworkLoader");
      } catch (org.convlens.model.keras.KerasFormatException e) {
        return new Said(e.getMessage(), e);
      } catch (org.convlens.pipeline.WeightsNotFoundException | IOException e) {
        throw new AssertionError(file + ": NetworkLoader failed otherwise", e);
      }
    }));
    refusals.add(measure(file, EntryPoint.CLI_SUMMARY, () -> {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      int code = org.convlens.cli.Cli.run(new String[] {"summary", "--model", file.toString()},
          new java.io.PrintWriter(out), new java.io.PrintWriter(err), dirs,
          new org.convlens.model.weights.WeightsLocator(List.of(dirs.cache().resolve("no-weights"))));
      if (code == 0) {
        throw new AssertionError(file + " was opened by 'convlens summary': " + out);
      }
      return new Said(err.toString().strip(), reader[0]);
    }));
    return refusals;
  }

  /** What an entry point said, and the exception behind it. */
  private record Said(String message, Throwable exception) {}

  private static Refusal measure(Path file, EntryPoint entryPoint, java.util.function.Supplier<Said> work) {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long bytes = threads.getThreadAllocatedBytes(id);
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    Said said = work.get();
    return new Refusal(file, entryPoint, said.message(), said.exception(),
        threads.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall,
        threads.getThreadAllocatedBytes(id) - bytes);
  }

  /** Writes every file of the corpus into {@code folder} (replacing what is there). */
  public static void generate(Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<String, Consumer<Path>> files = new LinkedHashMap<>();
    files.put("h5-missing-dataset.h5", f -> {
      model(f, sequential(8, 8, 2));
      KerasH5Writer.removeObject(f, "/model_weights/conv/conv/bias:0");
    });
    files.put("h5-wrong-dtype.h5", f -> KerasH5Writer.write(f, weights(2),
        KerasH5Writer.Options.variableLengthStrings().withDatasetType(KerasH5Writer.DatasetType.INT32)
            .fullModel(sequential(8, 8, 2))));
    files.put("h5-claims-billions.h5", f -> {
      model(f, sequential(8, 8, 2));
      KerasH5Writer.removeObject(f, "/model_weights/conv/conv/kernel:0");
      KerasH5Writer.addClaimedDataset(f, "/model_weights/conv/conv/kernel:0", 100_000, 100_000, 3, 2);
    });
    files.put("h5-corrupt-chunk.h5", f -> {
      model(f, sequential(8, 8, 2));
      KerasH5Writer.removeObject(f, "/model_weights/conv/conv/kernel:0");
      corruptChunkedDataset(f, "/model_weights/conv/conv/kernel:0", new long[] {3, 3, 3, 2});
    });
    files.put("h5-truncated.h5", f -> {
      model(f, sequential(8, 8, 2));
      truncate(f);
    });
    files.put("h5-config-not-text.h5", f -> {
      model(f, sequential(8, 8, 2));
      replaceWithIntAttribute(f, "/", "model_config");
    });
    files.put("h5-layer-names-not-text.h5", f -> {
      model(f, sequential(8, 8, 2));
      replaceWithIntAttribute(f, "/model_weights", "layer_names");
    });
    files.put("h5-config-nested-100000.h5", f -> model(f, "{\"class_name\": \"Sequential\", \"config\": "
        + "{\"name\": \"deep\", \"layers\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}}"));
    files.put("h5-layer-cycle.h5", f -> model(f, cycle()));
    files.put("h5-input-100000x100000.h5", f -> model(f, sequential(100_000, 100_000, 2)));
    files.put("h5-input-zero.h5", f -> model(f, sequential(0, 8, 2)));
    files.put("h5-input-negative.h5", f -> model(f, sequential(-8, 8, 2)));
    files.put("h5-filters-zero.h5", f -> KerasH5Writer.write(f, List.of(), KerasH5Writer.Options
        .variableLengthStrings().fullModel(sequential(8, 8, 0))));
    files.put("h5-odd-config-json.h5", f -> model(f, "{\"class_name\": \"Functional\", \"config\": {\"layers\": "
        + "[{\"config\": {}}]}}"));
    files.put("keras-100000-layers.keras", f -> archive(f, archiveEntries(manyLayers(100_000), new byte[] {1})));
    files.put("keras-path-traversal.keras", f -> {
      Map<String, byte[]> entries = archiveEntries(kerasThreeConfig(), new byte[] {1});
      entries.put("../../convlens-escaped", bytes("x"));
      archive(f, entries);
    });
    files.put("keras-absolute-name.keras", f -> {
      Map<String, byte[]> entries = archiveEntries(kerasThreeConfig(), new byte[] {1});
      entries.put("/tmp/convlens-escaped", bytes("x"));
      archive(f, entries);
    });
    files.put("keras-zip-bomb.keras", f -> archive(f, archiveEntries(kerasThreeConfig(), new byte[64 << 20])));
    files.put("keras-duplicate-entries.keras", f -> {
      Map<String, byte[]> entries = archiveEntries(kerasThreeConfig(), new byte[] {1});
      entries.put("config.jsoX", bytes("{}"));
      archive(f, entries);
      // ZipOutputStream will not write a name twice: rename the second one in place (same length).
      rewrite(f, s -> s.replace("config.jsoX", "config.json"));
    });
    files.put("keras-lambda.keras", f -> archive(f, archiveEntries(kerasThreeConfig().replace(
        "\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\"", "\"class_name\": \"Lambda\", \"config\": "
            + "{\"name\": \"code\", \"function\": {\"class_name\": \"__lambda__\", \"config\": {\"code\": "
            + "\"4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAdABkAYMBUwApAk5aBWhlbGxvKQHaBXByaW50KQHaAXipAHID\"}}"),
        new byte[] {1})));
    files.put("keras-weights-damaged.keras", f -> archive(f, archiveEntries(kerasThreeConfig(),
        bytes("<html>not the weights</html>"))));
    files.put("keras-no-weights.keras", f -> archive(f, archiveEntries(kerasThreeConfig(), null)));
    for (Map.Entry<String, Consumer<Path>> e : files.entrySet()) {
      Path file = folder.resolve(e.getKey());
      Files.deleteIfExists(file);
      e.getValue().accept(file);
    }
  }

  /** A Keras 2 Sequential: an input of {@code h x w x 3} and a 3x3 Conv2D 'conv' of {@code filters}. */
  static String sequential(int h, int w, int filters) {
    return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"hostile\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input_1\", \"batch_input_shape\": [null, " + h
        + ", " + w + ", 3], \"dtype\": \"float32\"}}, " + conv("conv", filters) + "]}, \"keras_version\": "
        + "\"2.8.0\", \"backend\": \"tensorflow\"}";
  }

  private static String conv(String name, int filters) {
    return "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"" + name + "\", \"filters\": " + filters
        + ", \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": "
        + "\"channels_last\", \"dilation_rate\": [1, 1], \"groups\": 1, \"activation\": \"relu\", "
        + "\"use_bias\": true}}";
  }

  /** A Keras 2 Functional whose two layers feed each other. */
  private static String cycle() {
    return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"loop\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"name\": \"input_1\", \"config\": {\"name\": \"input_1\", "
        + "\"batch_input_shape\": [null, 8, 8, 3], \"dtype\": \"float32\"}, \"inbound_nodes\": []}, "
        + "{\"class_name\": \"Activation\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"activation\": \"relu\"},"
        + " \"inbound_nodes\": [[[\"b\", 0, 0, {}]]]}, "
        + "{\"class_name\": \"Activation\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"activation\": \"relu\"},"
        + " \"inbound_nodes\": [[[\"a\", 0, 0, {}]]]}], "
        + "\"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}, \"keras_version\": "
        + "\"2.8.0\", \"backend\": \"tensorflow\"}";
  }

  /** A Keras 3 Sequential of {@code n} ReLU layers after its input. */
  private static String manyLayers(int n) {
    StringBuilder s = new StringBuilder("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {"
        + "\"name\": \"long\", \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", "
        + "\"config\": {\"batch_shape\": [null, 4, 4, 1], \"name\": \"in\"}}");
    for (int i = 0; i < n; i++) {
      s.append(", {\"module\": \"keras.layers\", \"class_name\": \"ReLU\", \"config\": {\"name\": \"r").append(i)
          .append("\"}}");
    }
    return s.append("]}}").toString();
  }

  /** The tiny Keras 3 model of the archives: a 4x4x1 input and a 3x3 Conv2D 'c' of 2 filters. */
  private static String kerasThreeConfig() {
    return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"tiny\", \"layers\": "
        + "[{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": "
        + "[null, 4, 4, 1], \"name\": \"in\"}}, {\"module\": \"keras.layers\", \"class_name\": \"Conv2D\", "
        + "\"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3], \"use_bias\": true}}]}}";
  }

  private static List<KerasLayer> weights(int filters) {
    float[] kernel = new float[3 * 3 * 3 * filters];
    Arrays.fill(kernel, 0.25f);
    return List.of(new KerasLayer("conv", List.of(
        new KerasWeight("conv/kernel:0", Tensor.of(kernel, 3, 3, 3, filters)),
        new KerasWeight("conv/bias:0", Tensor.zeros(filters)))));
  }

  /** A whole-model file ({@code model.save}) with this config and the conv layer's weights. */
  private static void model(Path file, String config) {
    KerasH5Writer.write(file, weights(2), KerasH5Writer.Options.variableLengthStrings().fullModel(config));
  }

  private static Map<String, byte[]> archiveEntries(String config, byte[] weights) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", bytes("{\"keras_version\": \"3.15.1\"}"));
    entries.put("config.json", bytes(config));
    if (weights != null) {
      entries.put("model.weights.h5", weights);
    }
    return entries;
  }

  private static void archive(Path file, Map<String, byte[]> entries) {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(9);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rewrite(Path file, java.util.function.UnaryOperator<String> edit) {
    try {
      String latin = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      Files.write(file, edit.apply(latin).getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void truncate(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the string attribute {@code name} of {@code object} by a 32-bit integer scalar. */
  private static void replaceWithIntAttribute(Path file, String object, String name) {
    H5open();
    long fileId = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
    try {
      check(org.bytedeco.hdf5.global.hdf5.H5Adelete_by_name(fileId, object, name, H5P_DEFAULT), "delete " + name);
      long location = org.bytedeco.hdf5.global.hdf5.H5Oopen(fileId, object, H5P_DEFAULT);
      long space = H5Screate(H5S_SCALAR);
      long attribute = H5Acreate2(location, name, H5T_STD_I32LE_g(), space, H5P_DEFAULT, H5P_DEFAULT);
      try (IntPointer value = new IntPointer(new int[] {42})) {
        check(H5Awrite(attribute, H5T_NATIVE_INT_g(), value), "write " + name);
      }
      H5Aclose(attribute);
      H5Sclose(space);
      org.bytedeco.hdf5.global.hdf5.H5Oclose(location);
    } finally {
      H5Fclose(fileId);
    }
  }

  /**
   * Adds a deflate-compressed, chunked float32 dataset, then overwrites its one chunk with bytes that do not
   * inflate: the file's structure is sound, the data is not.
   */
  private static void corruptChunkedDataset(Path file, String path, long[] dims) {
    H5open();
    long address;
    long size;
    long fileId = H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT);
    try {
      long space = H5Screate_simple(dims.length, dims, (long[]) null);
      long properties = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
      check(H5Pset_chunk(properties, dims.length, dims), "chunk");
      check(H5Pset_deflate(properties, 6), "deflate");
      long dataset = H5Dcreate2(fileId, path, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, properties, H5P_DEFAULT);
      float[] values = new float[(int) Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
      Arrays.fill(values, 0.5f);
      try (FloatPointer data = new FloatPointer(values)) {
        check(H5Dwrite(dataset, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write");
      }
      H5Dclose(dataset);
      dataset = org.bytedeco.hdf5.global.hdf5.H5Dopen2(fileId, path, H5P_DEFAULT);
      long[] at = new long[1];
      long[] bytes = new long[1];
      check(H5Dget_chunk_info_by_coord(dataset, new long[dims.length], new int[1], at, bytes), "chunk info");
      address = at[0];
      size = bytes[0];
      H5Dclose(dataset);
      H5Pclose(properties);
      H5Sclose(space);
    } finally {
      H5Fclose(fileId);
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(address + 2); // keep zlib's two header bytes, so the damage is inside the stream
      byte[] junk = new byte[(int) size - 2];
      Arrays.fill(junk, (byte) 0xA5);
      f.write(junk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(int status, String what) {
    if (status < 0) {
      throw new IllegalStateException("HDF5 failed: " + what + " (status " + status + ")");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
