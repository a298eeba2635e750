package org.convlens.model.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TestRuntime;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each builder with seeded untrained weights runs through TensorFlow on a sample image with its own
 * preprocessing: every stage and the head are finite and not all zero. One image and one model load each; the
 * build, forward time and peak memory are printed ({@code FIGURES ...}) for the closing note.
 *
 * <p>VGG16 runs without its head: its stages are all before it, and with it (fc1 alone is 102M of its 138M
 * parameters, held as constants in a 553 MB {@code saved_model.pb}) the first run after the load took 18 minutes
 * and 9.4 GB of memory here, against under a minute for the others.
 */
class UntrainedApplicationsTest {
  private static final Path CAT = Path.of("sample-images", "chelsea.png");

  @TempDir Path cache;

  /** @param top whether to run the graph with its head (and check the predictions too) */
  record App(String name, Function<Boolean, LayerGraph> graph, List<NetworkStage> stages, String predictions,
      int inputSize, boolean top) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Smallest first, so a failure shows early; VGG16 last. */
  static Stream<Arguments> apps() {
    return Stream.of(
        new App(MobileNetV2.NAME, MobileNetV2::graph, MobileNetV2.STAGES, MobileNetV2.PREDICTIONS,
            MobileNetV2.INPUT_SIZE, true),
        new App(DenseNet121.NAME, DenseNet121::graph, DenseNet121.STAGES, DenseNet121.PREDICTIONS,
            DenseNet121.INPUT_SIZE, true),
        new App(ResNet50.NAME, ResNet50::graph, ResNet50.STAGES, ResNet50.PREDICTIONS, ResNet50.INPUT_SIZE, true),
        new App(VGG16.NAME, VGG16::graph, VGG16.STAGES, VGG16.PREDICTIONS, VGG16.INPUT_SIZE, false))
        .map(Arguments::of);
  }

  @BeforeAll
  static void start() throws Exception {
    TestRuntime.start();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void everyStageIsFiniteAndNotAllZero(App app) throws Exception {
    resetPeakRss();
    long t0 = System.nanoTime();
    LayerGraph graph = app.graph().apply(app.top());
    Network network = Network.bind(graph, UntrainedWeights.generate(graph, 42), WeightsOrigin.untrained(42));
    long generated = System.nanoTime();
    Preprocessing mode = Preprocessing.forApplication(app.name()).orElseThrow();
    Tensor input = ModelInput.prepare(new ImageLoader().load(CAT), app.inputSize(), mode).tensor();
    List<String> layers = new ArrayList<>(app.stages().stream().map(NetworkStage::layer).toList());
    if (app.top()) {
      layers.add(app.predictions());
    }
    try (ModelService service = ModelService.open(network, new SavedModelCache(cache), Progress.NONE)) {
      long opened = System.nanoTime();
      Activations a = service.run(input, layers);
      long ran = System.nanoTime();
      for (String layer : layers) {
        assertArrayEquals(graph.outputShape(layer), a.get(layer).shape(), layer);
        boolean nonZero = false;
        for (float v : a.get(layer).data()) {
          assertTrue(Float.isFinite(v), app + " " + layer + " has " + v);
          nonZero |= v != 0;
        }
        assertTrue(nonZero, app + " " + layer + " is all zero");
      }
      System.out.printf("FIGURES %s%s: %,d parameters; untrained weights %.1f s; SavedModel build + load + warm-up "
          + "%.1f s (%,d MB on disk); forward (%d layers) %.0f ms; peak RSS %s; heap used %,d MB%n", app,
          app.top() ? "" : " (notop)",
          org.convlens.model.ModelSummary.of(graph).totalParams(), (generated - t0) / 1e9, (opened - generated) / 1e9,
          folderSize(cache) >> 20, layers.size(), (ran - opened) / 1e6, status("VmHWM"),
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
  }

  /** Linux: start the peak-RSS count afresh, so each model's peak is its own (ignored elsewhere). */
  private static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not allowed: the peak then spans the earlier models too.
    }
  }

  private static String status(String key) throws IOException {
    Path file = Path.of("/proc/self/status");
    if (!Files.isReadable(file)) {
      return "unknown";
    }
    return Files.readAllLines(file).stream().filter(l -> l.startsWith(key + ":"))
        .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse("unknown");
  }

  private static long folderSize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
