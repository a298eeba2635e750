package org.convlens.testing;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongToIntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Tensor;

/**
 * Writes Keras HDF5 weights files for tests, in the layout Keras writes through h5py: root attributes
 * {@code layer_names}, {@code backend}, {@code keras_version}; one group per layer (a '/' in a name makes
 * nested groups) with attribute {@code weight_names}; each weight a float32 dataset at
 * {@code <layer>/<weight name>}, e.g. {@code /conv1_conv/conv1_conv/kernel:0}.
 *
 * <p>It uses the HDF5 reference C library (what h5py sits on) through JavaCPP, because jhdf's writer produced
 * corrupt groups in this layout and cannot write an empty attribute. Test scope only.
 */
public final class KerasH5Writer {

  /** The HDF5 type of the weight datasets; Keras writes float32, the others test a reader's type handling. */
  public enum DatasetType {
    FLOAT32,
    FLOAT64,
    INT32;

    long fileType() {
      return switch (this) {
        case FLOAT32 -> H5T_IEEE_F32LE_g();
        case FLOAT64 -> H5T_IEEE_F64LE_g();
        case INT32 -> H5T_STD_I32LE_g();
      };
    }
  }

  /**
   * How to write the file.
   *
   * @param variableLength name lists as variable-length UTF-8 strings (h5py 3, Keras 2.9+) instead of
   *     fixed-length NULLPAD byte strings (h5py 2, e.g. the keras-applications files)
   * @param kerasVersion the {@code keras_version} attribute, or null to leave it out
   * @param backend the {@code backend} attribute, or null to leave it out
   * @param modelConfig null for the weights-only layout ({@code save_weights}); a JSON string for the
   *     full-model layout ({@code model.save}): root attribute {@code model_config}, weights in group
   *     {@code model_weights}, plus the empty {@code top_level_model_weights} group of Keras 2.7+
   * @param nameChunks 1, or the number of attributes {@code layer_names0..} / {@code weight_names0..} that
   *     each name list is split into, as Keras does for lists over HDF5's 64 KB header limit
   * @param datasetType the stored type of every weight (values are converted by HDF5)
   */
  public record Options(boolean variableLength, String kerasVersion, String backend, String modelConfig,
      int nameChunks, DatasetType datasetType) {

    public Options {
      if (nameChunks < 1) {
        throw new IllegalArgumentException("nameChunks must be at least 1: " + nameChunks);
      }
      Objects.requireNonNull(datasetType, "datasetType");
    }

    /** As keras-applications weights files: fixed-length strings, Keras 2.2.4, TensorFlow backend. */
    public static Options fixedLengthStrings() {
      return new Options(false, "2.2.4", "tensorflow", null, 1, DatasetType.FLOAT32);
    }

    /** As h5py 3 writes: variable-length strings, Keras 2.9.0, TensorFlow backend. */
    public static Options variableLengthStrings() {
      return new Options(true, "2.9.0", "tensorflow", null, 1, DatasetType.FLOAT32);
    }

    public Options withKerasVersion(String version) {
      return new Options(variableLength, version, backend, modelConfig, nameChunks, datasetType);
    }

    public Options withBackend(String newBackend) {
      return new Options(variableLength, kerasVersion, newBackend, modelConfig, nameChunks, datasetType);
    }

    /** The full-model layout, with this {@code model_config} JSON. */
    public Options fullModel(String modelConfigJson) {
      Objects.requireNonNull(modelConfigJson, "modelConfigJson");
      return new Options(variableLength, kerasVersion, backend, modelConfigJson, nameChunks, datasetType);
    }

    public Options withNameChunks(int chunks) {
      return new Options(variableLength, kerasVersion, backend, modelConfig, chunks, datasetType);
    }

    public Options withDatasetType(DatasetType type) {
      return new Options(variableLength, kerasVersion, backend, modelConfig, nameChunks, type);
    }
  }

  private KerasH5Writer() {}

  /** Writes {@code layers} (in this order) with fixed-length strings, as {@link Options#fixedLengthStrings()}. */
  public static void write(Path file, List<KerasLayer> layers) {
    write(file, layers, Options.fixedLengthStrings());
  }

  /**
   * Writes {@code layers}, in this order, to {@code file} (replaced if present).
   *
   * @throws IllegalStateException if an HDF5 call fails (the library also prints its error stack)
   */
  public static synchronized void write(Path file, List<KerasLayer> layers, Options options) {
    check(H5open(), "H5open");
    try (PointerScope scope = new PointerScope(); Handles h = new Handles()) {
      long fileId = h.add(H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
          KerasH5Writer::closeFile, "create " + file);
      // h5py creates missing parent groups, which is how 'fire2/squeeze1x1' becomes nested groups.
      long linkCreate = h.add(H5Pcreate(H5P_CLS_LINK_CREATE_ID_g()), KerasH5Writer::closeProperties,
          "link creation properties");
      check(H5Pset_create_intermediate_group(linkCreate, 1), "H5Pset_create_intermediate_group");

      long weightsRoot = fileId;
      if (options.modelConfig() != null) {
        writeScalarString(fileId, "model_config", options.modelConfig(), options);
        writeVersionAttributes(fileId, options);
        weightsRoot = h.add(H5Gcreate2(fileId, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            KerasH5Writer::closeGroup, "group model_weights");
      }
      writeNames(weightsRoot, "layer_names", layers.stream().map(KerasLayer::name).toList(), options);
      writeVersionAttributes(weightsRoot, options);
      for (KerasLayer layer : layers) {
        writeLayer(weightsRoot, linkCreate, layer, options);
      }
      if (options.modelConfig() != null) {
        writeLayer(weightsRoot, linkCreate, new KerasLayer("top_level_model_weights", List.of()), options);
      }
    }
  }

  /**
   * Deletes the group or dataset at {@code objectPath} (e.g. {@code /conv1/conv1/kernel:0}) from an existing
   * file, to make a damaged file for a negative test.
   */
  public static synchronized void removeObject(Path file, String objectPath) {
    check(H5open(), "H5open");
    try (Handles h = new Handles()) {
      long fileId = h.add(H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT), KerasH5Writer::closeFile,
          "open " + file);
      check(H5Ldelete(fileId, objectPath, H5P_DEFAULT), "H5Ldelete " + objectPath);
    }
  }

  /**
   * Adds a float32 dataset at {@code objectPath} whose dataspace claims {@code dims} but holds no data (HDF5
   * allocates contiguous storage only when written), to make a file that lies about its size.
   */
  public static synchronized void addClaimedDataset(Path file, String objectPath, long... dims) {
    check(H5open(), "H5open");
    try (Handles h = new Handles(); PointerScope scope = new PointerScope()) {
      long fileId = h.add(H5Fopen(file.toString(), H5F_ACC_RDWR, H5P_DEFAULT), KerasH5Writer::closeFile,
          "open " + file);
      long space = h.add(H5Screate_simple(dims.length, dims, (long[]) null), KerasH5Writer::closeSpace,
          "dataspace of " + objectPath);
      h.add(H5Dcreate2(fileId, objectPath, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
          KerasH5Writer::closeDataset, "dataset " + objectPath);
    }
  }

  private static void writeVersionAttributes(long location, Options options) {
    if (options.backend() != null) {
      writeScalarString(location, "backend", options.backend(), options);
    }
    if (options.kerasVersion() != null) {
      writeScalarString(location, "keras_version", options.kerasVersion(), options);
    }
  }

  private static void writeLayer(long parent, long linkCreate, KerasLayer layer, Options options) {
    try (Handles h = new Handles()) {
      long group = h.add(H5Gcreate2(parent, layer.name(), linkCreate, H5P_DEFAULT, H5P_DEFAULT),
          KerasH5Writer::closeGroup, "group " + layer.name());
      writeNames(group, "weight_names", layer.weights().stream().map(KerasWeight::name).toList(), options);
      for (KerasWeight weight : layer.weights()) {
        writeDataset(group, linkCreate, weight.name(), weight.value(), options.datasetType());
      }
    }
  }

  private static void writeDataset(long group, long linkCreate, String name, Tensor value, DatasetType type) {
    try (Handles h = new Handles(); PointerScope scope = new PointerScope()) {
      long space = h.add(value.rank() == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(value.rank(),
          toLongs(value.shape()), (long[]) null), KerasH5Writer::closeSpace, "dataspace of " + name);
      long dataset = h.add(H5Dcreate2(group, name, type.fileType(), space, linkCreate, H5P_DEFAULT,
          H5P_DEFAULT), KerasH5Writer::closeDataset, "dataset " + name);
      if (value.size() > 0) {
        check(H5Dwrite(dataset, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
            new FloatPointer(value.data())), "H5Dwrite " + name);
      }
    }
  }

  /** A name list; an empty one is an empty float64 array, as h5py writes Keras's {@code np.array([])}. */
  private static void writeNames(long location, String name, List<String> names, Options options) {
    if (names.isEmpty()) {
      writeEmptyFloat64(location, name);
      return;
    }
    int width = 1; // numpy's |S<width> of the whole list, kept by every chunk
    for (String n : names) {
      width = Math.max(width, n.getBytes(StandardCharsets.UTF_8).length);
    }
    int chunks = Math.min(options.nameChunks(), names.size());
    if (chunks == 1) {
      writeStringArray(location, name, names, options.variableLength(), width);
      return;
    }
    // numpy.array_split: the first (size % chunks) parts get one extra element.
    int start = 0;
    for (int i = 0; i < chunks; i++) {
      int length = names.size() / chunks + (i < names.size() % chunks ? 1 : 0);
      writeStringArray(location, name + i, names.subList(start, start + length), options.variableLength(), width);
      start += length;
    }
  }

  private static void writeEmptyFloat64(long location, String name) {
    try (Handles h = new Handles()) {
      long space = h.add(H5Screate_simple(1, new long[] {0}, (long[]) null), KerasH5Writer::closeSpace,
          "empty dataspace");
      h.add(H5Acreate2(location, name, H5T_IEEE_F64LE_g(), space, H5P_DEFAULT, H5P_DEFAULT),
          KerasH5Writer::closeAttribute, "attribute " + name);
    }
  }

  private static void writeStringArray(
      long location, String name, List<String> values, boolean variableLength, int width) {
    try (Handles h = new Handles(); PointerScope scope = new PointerScope()) {
      long type = h.add(H5Tcopy(H5T_C_S1_g()), KerasH5Writer::closeType, "string type");
      long space = h.add(H5Screate_simple(1, new long[] {values.size()}, (long[]) null), KerasH5Writer::closeSpace,
          "dataspace of " + name);
      if (variableLength) {
        check(H5Tset_size(type, H5T_VARIABLE()), "H5Tset_size variable");
        check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
        long attribute = h.add(H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
            KerasH5Writer::closeAttribute, "attribute " + name);
        check(H5Awrite(attribute, type, new PointerPointer<>(values.toArray(String[]::new), StandardCharsets.UTF_8)),
            "H5Awrite " + name);
      } else {
        byte[][] encoded = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[] packed = new byte[encoded.length * width]; // zero-filled: NULLPAD
        for (int i = 0; i < encoded.length; i++) {
          System.arraycopy(encoded[i], 0, packed, i * width, encoded[i].length);
        }
        check(H5Tset_size(type, width), "H5Tset_size");
        check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad");
        long attribute = h.add(H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
            KerasH5Writer::closeAttribute, "attribute " + name);
        check(H5Awrite(attribute, type, new BytePointer(packed)), "H5Awrite " + name);
      }
    }
  }

  /** h5py stores a Python str attribute as a scalar variable-length string (ASCII when it was bytes). */
  private static void writeScalarString(long location, String name, String value, Options options) {
    try (Handles h = new Handles(); PointerScope scope = new PointerScope()) {
      long type = h.add(H5Tcopy(H5T_C_S1_g()), KerasH5Writer::closeType, "string type");
      check(H5Tset_size(type, H5T_VARIABLE()), "H5Tset_size variable");
      check(H5Tset_cset(type, options.variableLength() ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "H5Tset_cset");
      long space = h.add(H5Screate(H5S_SCALAR), KerasH5Writer::closeSpace, "scalar dataspace");
      long attribute = h.add(H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
          KerasH5Writer::closeAttribute, "attribute " + name);
      check(H5Awrite(attribute, type, new PointerPointer<>(new String[] {value}, StandardCharsets.UTF_8)),
          "H5Awrite " + name);
    }
  }

  private static long[] toLongs(int[] shape) {
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    return dims;
  }

  private static void check(int status, String what) {
    if (status < 0) {
      throw new IllegalStateException("HDF5 failed: " + what + " (status " + status + ")");
    }
  }

  // Method references to the overloaded natives are ambiguous, hence these small adapters.
  private static int closeFile(long id) {
    return H5Fclose(id);
  }

  private static int closeProperties(long id) {
    return H5Pclose(id);
  }

  private static int closeGroup(long id) {
    return H5Gclose(id);
  }

  private static int closeDataset(long id) {
    return H5Dclose(id);
  }

  private static int closeAttribute(long id) {
    return H5Aclose(id);
  }

  private static int closeSpace(long id) {
    return H5Sclose(id);
  }

  private static int closeType(long id) {
    return H5Tclose(id);
  }

  /** HDF5 handles opened in one scope, closed in reverse order even when a later call fails. */
  private static final class Handles implements AutoCloseable {
    private record Handle(long id, LongToIntFunction closer, String what) {}

    private final List<Handle> handles = new ArrayList<>();

    long add(long id, LongToIntFunction closer, String what) {
      if (id < 0) {
        throw new IllegalStateException("HDF5 failed: " + what + " (status " + id + ")");
      }
      handles.add(new Handle(id, closer, what));
      return id;
    }

    @Override
    public void close() {
      IllegalStateException failure = null;
      for (int i = handles.size() - 1; i >= 0; i--) {
        Handle handle = handles.get(i);
        if (handle.closer().applyAsInt(handle.id()) < 0 && failure == null) {
          failure = new IllegalStateException("HDF5 failed to close " + handle.what());
        }
      }
      handles.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
