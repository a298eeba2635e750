package org.convlens.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.Network;

/**
 * PyTorch for the comparison, and the weights both sides run: the user's file, or without one seeded random weights
 * written by the bundled make_weights.py, so that ConvLens and PyTorch run the very same network. Without a Python
 * with torch, ConvLens's own seeded untrained weights and a reason the comparison is skipped.
 *
 * @param baseline null when skipped
 * @param weightsFile the file both sides read; null for ConvLens's own untrained weights
 * @param skipped why PyTorch is not compared, or null
 */
public record TorchSetup(TorchBaseline baseline, Path weightsFile, boolean generated, String skipped) {
  public static final List<String> DEFAULT_PYTHONS = TorchBaseline.DEFAULT_PYTHONS;

  public static TorchSetup prepare(List<String> pythons, Path workDir, Path userWeights, long seed)
      throws IOException {
    TorchBaseline.Availability found = TorchBaseline.find(pythons, workDir, Runtime.getRuntime().availableProcessors());
    if (found.torch() == null) {
      return new TorchSetup(null, userWeights, false, found.skippedBecause());
    }
    if (userWeights != null) {
      return new TorchSetup(found.torch(), userWeights, false, null);
    }
    try {
      return new TorchSetup(found.torch(), found.torch().makeWeights(seed), true, null);
    } catch (IOException e) {
      return new TorchSetup(null, null, false, "make_weights.py could not write the weights: " + e.getMessage());
    }
  }

  /** The weights, as the output names them. */
  public String describe(Network network, long seed) {
    if (generated) {
      return "seeded random ResNet50V2 weights, NOT ImageNet's (make_weights.py, seed " + seed
          + "), the same file for ConvLens and PyTorch";
    }
    return network.origin().description() + (network.origin().untrained() ? ", NOT ImageNet's" : "");
  }
}
