package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convlens.model.Convolutions;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.Pooling;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Tensor;
import org.convlens.testing.LogLines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: a cached SavedModel cut short (a disk that filled, a copy interrupted) is detected when it does
 * not load, rebuilt, and the log says so; the rebuilt one gives the same outputs as the first.
 */
class TruncatedSavedModelTest {
  @TempDir Path root;

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  private static Network network() {
    LayerGraph graph = new LayerGraph("tiny", List.of(
        new Layer("input_1", new LayerConfig.Input(8, 8, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("input_1")),
        new Layer("pool", new Pooling.MaxPooling2D(2, 2, LayerConfig.Padding.VALID), List.of("conv"))));
    return Network.bind(graph, UntrainedWeights.generate(graph, 1), new WeightsOrigin("test", true, "truncated"));
  }

  private static float[] run(Network network, SavedModelCache cache) throws Exception {
    try (ModelService service = ModelService.open(network, cache, Progress.NONE)) {
      float[] ones = new float[8 * 8 * 3];
      java.util.Arrays.fill(ones, 1f);
      return service.run(Tensor.of(ones, 1, 8, 8, 3), List.of("pool")).get("pool").data();
    }
  }

  @Test
  void aTruncatedSavedModelIsRebuiltWithALineInTheLog() throws Exception {
    Network network = network();
    SavedModelCache cache = new SavedModelCache(root);
    float[] first = run(network, cache);
    Path dir = cache.folderFor(network);
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().equals("saved_model.pb") || dir.relativize(f).startsWith("variables"))
          .sorted().toList();
    }
    // The graph and every checkpoint file of its weights variables; the cache's own markers (last use, leases)
    // are not the model and damage to them is not what this checks.
    assertTrue(files.size() >= 3, "saved_model.pb and the variables' index and data: " + files);
    for (Path damaged : files) {
      long size = Files.size(damaged);
      try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
        f.setLength(size / 2);
      }
      try (LogLines log = new LogLines(SavedModelCache.class)) {
        float[] again = run(network, cache);
        assertEquals(first.length, again.length);
        for (int i = 0; i < first.length; i++) {
          assertEquals(first[i], again[i], 1e-6f, damaged.getFileName() + " cut short: value " + i);
        }
        if (Files.size(damaged) != size) {
          throw new AssertionError(damaged.getFileName() + " is still cut short after the run");
        }
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN The cached TensorFlow model " + dir)),
            damaged.getFileName() + ": " + log.lines());
      }
    }
  }
}
