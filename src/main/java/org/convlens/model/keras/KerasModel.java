package org.convlens.model.keras;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.files.FileTrees;
import org.convlens.model.LayerGraph;
import org.convlens.tensor.Tensor;

/**
 * A Keras model of the user's own, read whole: its layer graph (nested models flattened, their layers named by
 * path), its weights by graph layer name (in Keras's order within each layer; a shared layer's later calls
 * {@code layer@1} carry the same weights), and the Keras version that wrote it.
 *
 * <p>The format is told by the file's first bytes, never by its name: HDF5 is a whole model saved by Keras 2
 * (or by Keras 3 as legacy {@code .h5}), a zip is a {@code .keras} archive (Keras 3, or Keras 2.13 to 2.15), and
 * an architecture {@code .json} ({@code model.to_json()}) comes with its weights file.
 */
public record KerasModel(LayerGraph graph, Map<String, List<Tensor>> weights, String kerasVersion) {
  private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final byte[] ZIP = {'P', 'K', 3, 4};

  /** Reads with inputs of open size taken as {@value KerasArchitecture#DEFAULT_IMAGE_SIZE} pixels square. */
  public static KerasModel read(Path file, Path weights) {
    return read(file, weights, KerasArchitecture.DEFAULT_IMAGE_SIZE);
  }

  /**
   * Reads a whole model ({@code weights} null) or an architecture JSON with its weights file.
   *
   * @param imageSize height and width of the input when the file leaves them open ({@code None})
   * @throws KerasFormatException naming the file and what is wrong
   */
  public static KerasModel read(Path file, Path weights, int imageSize) {
    byte[] head = head(file);
    if (weights != null) {
      if (startsWith(head, HDF5) || startsWith(head, ZIP)) {
        throw new KerasFormatException(file, "is a whole model, not an architecture .json; open it alone, "
            + "without a weights file");
      }
      return fromJson(file, weights, imageSize);
    }
    if (startsWith(head, HDF5)) {
      return fromHdf5(file, imageSize);
    }
    if (startsWith(head, ZIP)) {
      return fromArchive(file, imageSize);
    }
    if (head.length > 0 && head[0] == '{') {
      throw new KerasFormatException(file, "is an architecture .json without weights; give its weights file "
          + "(model.save_weights) with it");
    }
    throw new KerasFormatException(file, "is neither a Keras HDF5 file (.h5) nor a .keras archive (its first "
        + "bytes are not HDF5's or a zip's); choose the file Keras saved with model.save");
  }

  private static KerasModel fromHdf5(Path file, int imageSize) {
    return of(file, KerasWeightsReader.read(file), imageSize);
  }

  /**
   * The model in a whole-model HDF5 file already read ({@code model_config} and weights).
   *
   * @throws KerasFormatException when the file holds weights only, or its model cannot run
   */
  public static KerasModel of(Path file, KerasWeights keras, int imageSize) {
    if (keras.modelConfig() == null) {
      throw new KerasFormatException(file, "holds weights only, no architecture; give the model's .json "
          + "(model.to_json()) with it, or use it as ResNet50V2 weights with --weights");
    }
    KerasArchitecture.Parsed parsed =
        KerasArchitecture.read(file, keras.modelConfig(), keras.kerasVersion(), imageSize);
    return of(parsed, LegacyWeights.bind(file, keras, parsed.tree(), parsed.graph()), keras.kerasVersion());
  }

  private static KerasModel fromJson(Path file, Path weights, int imageSize) {
    String json = jsonText(file);
    String version = jsonVersion(json);
    KerasArchitecture.Parsed parsed = KerasArchitecture.read(file, json, version, imageSize);
    if (startsWith(head(weights), HDF5) && isArchiveLayout(weights)) {
      return of(parsed, archiveWeights(weights, parsed), version);
    }
    KerasWeights keras = KerasWeightsReader.read(weights);
    return of(parsed, LegacyWeights.bind(weights, keras, parsed.tree(), parsed.graph()),
        version != null ? version : keras.kerasVersion());
  }

  private static KerasModel fromArchive(Path file, int imageSize) {
    Path folder = null;
    try {
      folder = Files.createTempDirectory("convlens-keras-");
      KerasArchive archive = KerasArchive.extract(file, folder);
      // A .keras archive without metadata.json is a Keras 3 one; Keras 2.13-2.15 always wrote its version.
      String version = archive.kerasVersion() != null ? archive.kerasVersion() : "3";
      KerasArchitecture.Parsed parsed = KerasArchitecture.read(file, archive.config(), version, imageSize);
      return of(parsed, archiveWeights(archive.weights(), parsed), version);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot unpack the archive into a temporary folder; check the free "
          + "space of " + System.getProperty("java.io.tmpdir"), e);
    } catch (KerasFormatException e) {
      // Name the user's archive, not our temporary copy of the weights inside it.
      if (folder != null && e.file() != null && e.file().startsWith(folder)) {
        throw new KerasFormatException(file, "in its model.weights.h5: "
            + e.getMessage().substring(e.file().toString().length() + 2), e);
      }
      throw e;
    } finally {
      FileTrees.deleteQuietly(folder);
    }
  }

  private static Map<String, List<Tensor>> archiveWeights(Path weights, KerasArchitecture.Parsed parsed) {
    try (HdfFile hdf = new HdfFile(weights)) {
      return ArchiveWeights.read(weights, hdf, parsed.tree(), parsed.graph());
    } catch (KerasFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KerasFormatException(weights, "the weights file (HDF5) is damaged and cannot be read; save the "
          + "model again", e);
    }
  }

  private static boolean isArchiveLayout(Path weights) {
    try (HdfFile hdf = new HdfFile(weights)) {
      return ArchiveWeights.isArchiveLayout(hdf);
    } catch (RuntimeException e) {
      return false; // the Keras 2 reader says what is wrong with it
    }
  }

  /** The graph with its weights; later calls of shared layers ({@code conv@1}, {@code base@1/conv}) reuse them. */
  private static KerasModel of(KerasArchitecture.Parsed parsed, Map<String, List<Tensor>> weights,
      String version) {
    Map<String, List<Tensor>> all = new LinkedHashMap<>(weights);
    for (String layer : parsed.graph().layerNames()) {
      String owner = LayerGraph.weightsOwner(layer);
      if (!owner.equals(layer) && weights.containsKey(owner)) {
        all.put(layer, weights.get(owner));
      }
    }
    return new KerasModel(parsed.graph(), all, version);
  }

  private static String jsonText(Path file) {
    try {
      if (Files.size(file) > 256L << 20) {
        throw new KerasFormatException(file, "is over 256 MB, too large for an architecture .json");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read; check that you may read it", e);
    }
  }

  /**
   * Keras 2's {@code model.to_json()} writes {@code keras_version} beside the model; Keras 3's does not, but gives
   * each object its {@code module}.
   */
  private static String jsonVersion(String json) {
    try {
      var root = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
      var v = root.get("keras_version");
      if (v == null && root.has("module")) {
        return "3";
      }
      return v == null || !v.isJsonPrimitive() ? null : v.getAsString();
    } catch (RuntimeException e) {
      return null; // the architecture reader reports what is wrong with the JSON
    }
  }

  private static byte[] head(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new KerasFormatException(file, Files.exists(file) ? "is a folder, not a Keras model file"
          : "file not found; check the path");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HDF5.length);
    } catch (IOException e) {
      throw new KerasFormatException(file, "cannot be read; check that you may read it", e);
    }
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
  }

}
