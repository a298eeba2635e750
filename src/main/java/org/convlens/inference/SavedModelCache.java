package org.convlens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.files.AtomicFiles;
import org.convlens.files.FileTrees;
import org.convlens.model.Network;

/**
 * SavedModels built from networks, kept on disk keyed by the network's name and its weights' content hash, so
 * the second start skips the graph build. A folder appears under its final name only once complete (built in a
 * temporary folder, then renamed), so a crash mid-build never leaves a folder a later start would trust.
 */
public final class SavedModelCache {
  /** Bump when the graph translation changes, so old SavedModels are not reused. */
  static final String FORMAT = "v1";

  private static final System.Logger LOG = System.getLogger(SavedModelCache.class.getName());

  private final Path root;

  public SavedModelCache(Path root) {
    this.root = root;
  }

  /** The folder of the SavedModel for {@code network}, built now if it is not cached. */
  Path ensure(Network network, List<String> defaultLayers, Progress progress) throws ModelLoadException {
    Path dir = folderFor(network);
    if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      return dir;
    }
    progress.update("Building the TensorFlow graph (first start with these weights)", -1);
    Path tmp = null;
    try {
      Files.createDirectories(root);
      tmp = Files.createTempDirectory(root, ".building-");
      SavedModelExporter.export(network, defaultLayers, tmp);
      try {
        AtomicFiles.moveAtomically(tmp, dir);
      } catch (IOException raced) {
        // Another process finished the same build first: theirs is as good as ours.
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
          throw raced;
        }
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot build the TensorFlow model in " + root + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
  }

  Path folderFor(Network network) {
    return root.resolve(network.graph().name() + "-" + network.origin().cacheKey() + "-" + FORMAT);
  }

  /** Removes a cached SavedModel that failed to load, so the next attempt rebuilds it. */
  void evict(Network network) {
    LOG.log(System.Logger.Level.WARNING, "The cached TensorFlow model {0} could not be loaded (damaged, or from an "
        + "older ConvLens): it is removed and built again", folderFor(network));
    FileTrees.deleteQuietly(folderFor(network));
  }

}
