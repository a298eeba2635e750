package org.convlens.model.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/**
 * Reads a Keras HDF5 weights file into {@link KerasWeights}, following Keras's own loader
 * ({@code load_weights_from_hdf5_group}): the layer list comes from {@code layer_names} at the root, or in
 * group {@code model_weights} when the root has none (full-model files); each layer's weights are the
 * datasets named by its {@code weight_names}, resolved relative to the layer's group, in that order.
 *
 * <p>Accepts what real files contain: fixed- or variable-length strings, name lists split into
 * {@code layer_names0, layer_names1, ...}, empty float64 {@code weight_names} for weightless layers, layer and
 * weight names containing '/' (nested groups), float32 or float64 datasets. Everything is read eagerly and the
 * file is closed before returning. Every failure is a {@link KerasFormatException} that names the file.
 */
public final class KerasWeightsReader {
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final String LAYER_NAMES = "layer_names";
  private static final String WEIGHT_NAMES = "weight_names";
  private static final String MODEL_WEIGHTS = "model_weights";

  private KerasWeightsReader() {}

  /**
   * Reads every layer and weight of {@code file}.
   *
   * @throws KerasFormatException if the file is missing, unreadable, not HDF5, truncated or damaged, not in
   *     Keras's HDF5 weights layout, or holds a weight that is not floating point
   */
  public static KerasWeights read(Path file) {
    checkPlainFile(file);
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (RuntimeException e) {
      throw new KerasFormatException(file, "not an HDF5 file, so not a Keras weights (.h5) file. "
          + "Choose the .h5 file that Keras saved, or download the weights again.", e);
    }
    try (hdf) {
      checkNotTruncated(file, hdf);
      return readKeras(file, hdf);
    } catch (KerasFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // jhdf reports damage as HdfException, or as buffer/index errors deep in its parsers.
      // Its own words ("Inflating failed") are for the log: the cause keeps them. Where, if it says, is ours.
      throw new KerasFormatException(file, "the HDF5 file is damaged" + where(e) + " and cannot be read. Download "
          + "or copy the weights again.", e);
    }
  }

  private static void checkPlainFile(Path file) {
    if (!Files.exists(file)) {
      throw new KerasFormatException(file, "file not found. Check the path, or download the weights again.");
    }
    if (Files.isDirectory(file)) {
      throw new KerasFormatException(file, "is a folder, not a Keras weights file. Choose the .h5 file itself.");
    }
    byte[] head;
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      head = in.readNBytes(ZIP_MAGIC.length);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read (" + e + "). Check that you may read it.", e);
    }
    if (size == 0) {
      throw new KerasFormatException(file, "the file is empty (0 bytes); a download or copy probably failed. "
          + "Download the weights again.");
    }
    if (Arrays.equals(head, ZIP_MAGIC)) {
      throw new KerasFormatException(file, "a zip archive (a Keras 3 .keras model?), not an HDF5 weights file. "
          + "Open it as a model of your own (it holds its architecture), or re-save it in HDF5 format with "
          + "model.save('model.h5').");
    }
  }

  /** The superblock records the file's full length, so a cut-off download is caught before any parsing. */
  private static void checkNotTruncated(Path file, HdfFile hdf) {
    long expected = hdf.getUserBlockSize() + hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
    long actual;
    try {
      actual = Files.size(file);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read (" + e + ").", e);
    }
    if (actual < expected) {
      throw new KerasFormatException(file, "the file is truncated: it has " + actual + " bytes but its HDF5 "
          + "header says " + expected + ". The download or copy was interrupted; download the weights again.");
    }
  }

  private static KerasWeights readKeras(Path file, HdfFile hdf) {
    Group weightsGroup = findWeightsGroup(file, hdf);
    List<String> layerNames = readNames(file, weightsGroup, LAYER_NAMES);
    List<KerasLayer> layers = new ArrayList<>(layerNames.size());
    for (String layerName : layerNames) {
      layers.add(readLayer(file, weightsGroup, layerName));
    }
    String version = stringAttribute(file, weightsGroup, "keras_version");
    String backend = stringAttribute(file, weightsGroup, "backend");
    if (weightsGroup != hdf) {
      version = version != null ? version : stringAttribute(file, hdf, "keras_version");
      backend = backend != null ? backend : stringAttribute(file, hdf, "backend");
    }
    try {
      return new KerasWeights(version, backend, stringAttribute(file, hdf, "model_config"), layers);
    } catch (IllegalArgumentException e) {
      throw new KerasFormatException(file, "layer_names lists a layer twice (" + e.getMessage() + ").", e);
    }
  }

  /** Keras's rule: the root if it has layer_names, else model_weights (a full-model file). */
  private static Group findWeightsGroup(Path file, HdfFile hdf) {
    if (hasNames(hdf, LAYER_NAMES)) {
      return hdf;
    }
    Node modelWeights = hdf.getChildren().get(MODEL_WEIGHTS);
    if (modelWeights instanceof Group group && hasNames(group, LAYER_NAMES)) {
      return group;
    }
    if (hdf.getChildren().containsKey("layers") || hdf.getChildren().containsKey("vars")) {
      throw new KerasFormatException(file, "a Keras 3 weights file (the model.weights.h5 layout, keyed by "
          + "layer class), not a Keras HDF5 weights file with layer_names. Re-save the model with "
          + "model.save('model.h5') and open that file.");
    }
    throw new KerasFormatException(file, "an HDF5 file, but not a Keras weights file: it has no 'layer_names' "
        + "attribute at its root or in group 'model_weights'. Choose a file saved by Keras "
        + "(model.save('model.h5') or model.save_weights('weights.h5')).");
  }

  private static KerasLayer readLayer(Path file, Group weightsGroup, String layerName) {
    Node node;
    try {
      node = weightsGroup.getByPath(layerName);
    } catch (HdfInvalidPathException e) {
      throw new KerasFormatException(file, "layer '" + layerName + "' is listed in layer_names but its group "
          + "is missing. The file is incomplete; save or download it again.", e);
    }
    if (!(node instanceof Group layerGroup)) {
      throw new KerasFormatException(file, "'" + node.getPath() + "' should be the group of layer '"
          + layerName + "' but is a dataset. The file is not in Keras's layout.");
    }
    List<String> weightNames = readNames(file, layerGroup, WEIGHT_NAMES);
    List<KerasWeight> weights = new ArrayList<>(weightNames.size());
    for (String weightName : weightNames) {
      Dataset dataset;
      try {
        dataset = layerGroup.getDatasetByPath(weightName);
      } catch (HdfInvalidPathException e) {
        throw new KerasFormatException(file, "weight '" + weightName + "' of layer '" + layerName
            + "' is listed in weight_names but missing under '" + layerGroup.getPath() + "'. "
            + "The file is incomplete; save or download it again.", e);
      }
      weights.add(new KerasWeight(weightName, readTensor(file, dataset)));
    }
    return new KerasLayer(layerName, weights);
  }

  static Tensor readTensor(Path file, Dataset dataset) {
    Class<?> type = dataset.getJavaType();
    // An integer scalar is a counter (Normalization's adapt count), not a weight: it converts exactly enough.
    if (dataset.isScalar() && dataset.getData() instanceof Number count
        && (count instanceof Long || count instanceof Integer)) {
      return Tensor.of(new float[] {count.floatValue()});
    }
    // jhdf reports scalar datasets with boxed types
    if (type != float.class && type != double.class && type != Float.class && type != Double.class) {
      throw new KerasFormatException(file, "dataset '" + dataset.getPath() + "' holds " + typeName(dataset)
          + " values; ConvLens reads float32 and float64 weights only.");
    }
    checkClaimedSize(file, dataset);
    int[] shape = dataset.getDimensions();
    if (Tensor.sizeOf(shape) == 0) {
      return Tensor.of(new float[0], shape);
    }
    Object flat = dataset.isScalar() ? dataset.getData() : dataset.getDataFlat();
    float[] data;
    if (flat instanceof float[] floats) {
      data = floats;
    } else if (flat instanceof double[] doubles) {
      data = toFloats(doubles);
    } else if (flat instanceof Number number) {
      data = new float[] {number.floatValue()};
    } else {
      throw new KerasFormatException(file, "dataset '" + dataset.getPath() + "' could not be read as numbers ("
          + (flat == null ? "no data" : flat.getClass().getSimpleName()) + ").");
    }
    return Tensor.of(data, shape);
  }

  /**
   * Nothing is allocated from a size the file merely claims: an uncompressed dataset must fit in the file, and
   * none may exceed what one Java array holds.
   */
  private static void checkClaimedSize(Path file, Dataset dataset) {
    long values = dataset.getSize();
    long fileSize;
    try {
      fileSize = Files.size(file);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read (" + e + ").", e);
    }
    boolean uncompressed = dataset.getFilters() == null || dataset.getFilters().isEmpty();
    if (values > Integer.MAX_VALUE - 8 || (uncompressed && dataset.getSizeInBytes() > fileSize)) {
      throw new KerasFormatException(file, "dataset '" + dataset.getPath() + "' claims " + values + " values ("
          + dataset.getSizeInBytes() + " bytes), more than the " + fileSize + "-byte file can hold; the file is "
          + "damaged or forged, so it is refused");
    }
  }

  private static float[] toFloats(double[] doubles) {
    float[] floats = new float[doubles.length];
    for (int i = 0; i < doubles.length; i++) {
      floats[i] = (float) doubles[i];
    }
    return floats;
  }

  private static String typeName(Dataset dataset) {
    Class<?> type = dataset.getJavaType();
    return kind(type);
  }

  /** " near '/group/'" when the HDF5 reader named the object it failed on, else nothing. */
  private static String where(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      var object = java.util.regex.Pattern.compile("'(/[^']*)'").matcher(String.valueOf(c.getMessage()));
      if (object.find()) {
        return " near '" + object.group(1) + "'";
      }
    }
    return "";
  }

  /** What a value of this Java type is, in a file's terms (never a class name). */
  private static String kindOf(Class<?> type) {
    if (type != null && type.isArray()) {
      return "an array of " + kind(type.getComponentType()) + " values";
    }
    return "a single " + kind(type) + " value";
  }

  private static String kind(Class<?> t) {
    if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
        || t == Long.class || t == Short.class || t == Byte.class || t == java.math.BigInteger.class) {
      return "integer";
    } else if (t == float.class || t == double.class || t == Float.class || t == Double.class) {
      return "floating-point";
    } else if (t == String.class) {
      return "text";
    } else if (t == boolean.class || t == Boolean.class) {
      return "true/false";
    }
    return "compound or other";
  }

  private static boolean hasNames(Node node, String name) {
    return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
  }

  /** A name list, also when Keras split a long one into {@code name0, name1, ...} (HDF5's header limit). */
  private static List<String> readNames(Path file, Node node, String name) {
    Attribute whole = node.getAttribute(name);
    if (whole != null) {
      return toStrings(file, node, name, whole.getData());
    }
    List<String> names = new ArrayList<>();
    Attribute chunk;
    for (int i = 0; (chunk = node.getAttribute(name + i)) != null; i++) {
      names.addAll(toStrings(file, node, name + i, chunk.getData()));
    }
    return names;
  }

  private static List<String> toStrings(Path file, Node node, String name, Object data) {
    if (data == null) {
      return List.of(); // an empty attribute: h5py's np.array([]) for a weightless layer
    }
    if (data instanceof String single) {
      return List.of(single);
    }
    if (data instanceof String[] strings) {
      return List.of(strings);
    }
    if (data.getClass().isArray() && Array.getLength(data) == 0) {
      return List.of();
    }
    throw new KerasFormatException(file, "attribute '" + name + "' of '" + node.getPath()
        + "' should list names but holds " + kindOf(data.getClass()) + ". The file is not in Keras's "
        + "layout.");
  }

  private static String stringAttribute(Path file, Node node, String name) {
    Attribute attribute = node.getAttribute(name);
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    if (data instanceof String s) {
      return s;
    }
    if (data instanceof String[] strings && strings.length == 1) {
      return strings[0];
    }
    throw new KerasFormatException(file, "attribute '" + name + "' of '" + node.getPath()
        + "' should be a string but holds " + (data == null ? "nothing" : kindOf(data.getClass())) + ".");
  }
}
