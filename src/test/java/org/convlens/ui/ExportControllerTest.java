package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.convlens.export.NpyReader;
import org.convlens.export.PngText;
import org.convlens.model.Layer;
import org.convlens.model.ModelSummary;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Tensor;
import org.convlens.ui.tasks.FxTaskRunner;
import org.convlens.ui.views.AnalysisView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxToolkit;

/**
 * The File menu's exports end to end, with the real window, untrained weights and the cat, and dialogs that
 * answer as a user would (a fake {@link ExportController.Dialogs}); one window for the class, so the model
 * loads once. Each test starts from no remembered export folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportControllerTest {
  private static final int MODEL_WAIT = 120;

  private Path temp;
  private FxTaskRunner tasks;
  private MainWindow window;
  private MainViewModel vm;
  private Path home;
  private final FakeDialogs dialogs = new FakeDialogs();
  private final Recorded notes = new Recorded();
  private ExportController export;

  @BeforeAll
  void openWindow() throws Exception {
    temp = Files.createTempDirectory("convlens-export-test");
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(new Stage(), UiTestSupport.untrained(temp.resolve("config")), tasks);
      window.show();
    });
    vm = window.controller().viewModel();
    waitFor(MODEL_WAIT, () -> vm.getAnalysis() != null);
    assertEquals("chelsea.png", vm.getAnalysis().source().getFileName().toString());
  }

  @AfterAll
  void closeWindow() throws Exception {
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @BeforeEach
  void freshExporter() throws Exception {
    home = Files.createTempDirectory(temp, "home");
    dialogs.asked.clear();
    notes.clear();
    runFx(() -> {
      window.controller().updateSettings(s -> s.withExportFolder(null));
      export = new ExportController(window.controller(), notes, dialogs, window::selectedView, home);
    });
  }

  // ---- item 1: Export all never replaces the user's files ------------------------------------------------

  @Test
  void exportAllWritesIntoANewFolderAndLeavesTheUsersFilesAlone() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("my-pictures"));
    byte[] myIndex = "<html>my own page</html>".getBytes(StandardCharsets.UTF_8);
    byte[] myConv1 = Files.readAllBytes(UiTestSupport.SAMPLES.resolve("coffee.png"));
    Files.write(folder.resolve("index.html"), myIndex);
    Files.write(folder.resolve("conv1.png"), myConv1);
    dialogs.folderAnswer = Optional.of(folder);

    runFx(export::exportAllViews);
    waitFor(60, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);
    assertEquals("folder", dialogs.asked.get(0).kind());
    assertTrue(dialogs.asked.get(0).title().contains("'chelsea'"), dialogs.asked.get(0).title());

    assertArrayEquals(myIndex, Files.readAllBytes(folder.resolve("index.html")), "the user's index.html");
    assertArrayEquals(myConv1, Files.readAllBytes(folder.resolve("conv1.png")), "the user's conv1.png");
    Path chelsea = folder.resolve("chelsea");
    assertEquals(Set.of("filters.png", "conv1.png", "conv2.png", "conv3.png", "conv4.png", "conv5.png",
        "predictions.json", "index.html"), names(chelsea));
    assertEquals(Set.of("index.html", "conv1.png", "chelsea"), names(folder), "nothing else added beside them");
    String message = notes.infos.get(0);
    assertTrue(message.contains("8 files") && message.contains("chelsea") && message.contains(folder.toString()),
        message);
    assertEquals(folder.toString(), window.controller().settings().exportFolder());

    // The contact sheet says the weights are untrained (item 8), the PNGs name the colormap in words (item 22).
    String html = Files.readString(chelsea.resolve("index.html"));
    assertTrue(html.contains("Untrained weights"), html);
    assertTrue(html.contains("<dt>Image</dt><dd>chelsea.png</dd>"), html);
    assertEquals("viridis", PngText.read(chelsea.resolve("conv2.png")).get("Colormap"));

    // Again: the first export stays as it was and the second gets a fresh name.
    byte[] firstIndex = Files.readAllBytes(chelsea.resolve("index.html"));
    notes.clear();
    runFx(export::exportAllViews);
    waitFor(60, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);
    assertTrue(notes.infos.get(0).contains("chelsea-2"), notes.infos.get(0));
    assertEquals(8, names(folder.resolve("chelsea-2")).size());
    assertArrayEquals(firstIndex, Files.readAllBytes(chelsea.resolve("index.html")));
    assertArrayEquals(myIndex, Files.readAllBytes(folder.resolve("index.html")));
  }

  @Test
  void cancellingTheFolderDialogWritesNothing() throws Exception {
    dialogs.folderAnswer = Optional.empty();
    runFx(export::exportAllViews);
    assertEquals(1, dialogs.asked.size());
    assertTrue(notes.all().isEmpty(), notes.all().toString());
    assertEquals(null, window.controller().settings().exportFolder());
  }

  // ---- item 21: where the dialogs open and what they suggest ---------------------------------------------

  @Test
  void dialogsOpenInPicturesThenInTheLastExportFolderWithTheImageNameInTheFileName() throws Exception {
    Path pictures = Files.createDirectories(home.resolve("Pictures"));
    selectTab("Feature maps");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentImage).isPresent());
    Path out = Files.createDirectories(temp.resolve("views"));
    dialogs.fileAnswer = name -> Optional.of(out.resolve("mine")); // typed without ".png"
    runFx(export::exportCurrentView);

    Asked asked = dialogs.asked.get(0);
    assertEquals(pictures, asked.folder(), "not the working folder");
    assertEquals("chelsea-conv1.png", asked.fileName());
    assertEquals(".png", asked.extension());
    waitFor(30, () -> Files.isRegularFile(out.resolve("mine.png")));
    assertEquals("ConvLens " + org.convlens.Versions.load().app(), PngText.read(out.resolve("mine.png")).get("Software")); // the version is the pom's

    // The next dialog opens where the last export went.
    selectTab("Filters");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentImage).isPresent());
    dialogs.fileAnswer = name -> Optional.empty();
    runFx(export::exportCurrentView);
    assertEquals(out, dialogs.asked.get(1).folder());
    assertTrue(dialogs.asked.get(1).fileName().startsWith("chelsea-filters"), dialogs.asked.get(1).fileName());
  }

  @Test
  void withoutAPicturesFolderTheDialogOpensAtHome() throws Exception {
    selectTab("Feature maps");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentImage).isPresent());
    dialogs.fileAnswer = name -> Optional.empty();
    runFx(export::exportCurrentView);
    assertEquals(home, dialogs.asked.get(0).folder());
    assertTrue(notes.all().isEmpty(), "cancelled: nothing written, nothing said");
  }

  // ---- item 20: the Model tab's table as CSV, activations as .npy ----------------------------------------

  @Test
  void exportCurrentViewOnTheModelTabWritesTheLayerTableAsCsv() throws Exception {
    selectTab("Model");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentLayerTable).isPresent());
    Path file = temp.resolve("table").resolve("layers.csv");
    Files.createDirectories(file.getParent());
    dialogs.fileAnswer = name -> Optional.of(file);
    runFx(export::exportCurrentView);
    assertEquals("chelsea-layers.csv", dialogs.asked.get(0).fileName());
    assertEquals(".csv", dialogs.asked.get(0).extension());
    waitFor(30, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    ModelSummary summary = ModelSummary.of(vm.getNetwork().graph());
    assertEquals(summary.rows().size() + 1, lines.size());
    assertEquals("layer,type,output shape,parameters,inbound", lines.get(0));
    ModelSummary.Row conv1 = summary.rows().stream().filter(r -> r.layer().equals("conv1_conv")).findFirst()
        .orElseThrow();
    assertTrue(lines.contains("conv1_conv,Conv2D,\"" + conv1.formattedShape() + "\"," + conv1.params()
        + ",conv1_pad"), lines.toString());
    assertFalse(notes.infos.get(0).contains("no picture"));
  }

  @Test
  void aNameTypedWithoutItsExtensionNeverReplacesAFileUnasked() throws Exception {
    selectTab("Model");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentLayerTable).isPresent());
    Path folder = Files.createDirectories(temp.resolve("typed"));
    Path mine = Files.writeString(folder.resolve("mine.csv"), "the user's own table");
    dialogs.fileAnswer = name -> Optional.of(folder.resolve("mine")); // typed without ".csv"
    dialogs.replaceAnswer = false;
    runFx(export::exportCurrentView);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(mine), dialogs.replaceAsked);
    assertEquals("the user's own table", Files.readString(mine));
    assertEquals(Set.of("mine.csv"), names(folder));
  }

  @Test
  void aModelFilterThatMatchesNothingSaysSoOnExport() throws Exception {
    selectTab("Model");
    TextField filter = onFx(() -> (TextField) window.tabPane().getScene().lookup("#modelFilter"));
    try {
      runFx(() -> filter.setText("zzz"));
      runFx(export::exportCurrentView);
      assertTrue(dialogs.asked.isEmpty());
      assertTrue(notes.warnings.get(0).contains("No layer matches"), notes.warnings.toString());
    } finally {
      runFx(() -> filter.setText(""));
    }
  }

  @Test
  void exportActivationsWritesTheShownStageAsNpy() throws Exception {
    selectTab("Feature maps");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentActivation).isPresent());
    Path file = temp.resolve("npy").resolve("stage.npy");
    Files.createDirectories(file.getParent());
    dialogs.fileAnswer = name -> Optional.of(file);
    runFx(export::exportActivations);
    assertEquals("chelsea-conv1_conv.npy", dialogs.asked.get(0).fileName());
    waitFor(30, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);
    assertSameTensor(vm.getAnalysis().activations().get("conv1_conv"), NpyReader.read(file));
  }

  @Test
  void exportActivationsWritesTheLayersTabsSelectedLayerComputedOnDemand() throws Exception {
    String layer = "conv3_block1_1_relu"; // not a stage: the Layers tab computes it
    Analysis analysis = vm.getAnalysis();
    assertFalse(analysis.activations().has(layer));
    selectTab("Layers");
    @SuppressWarnings("unchecked")
    ListView<Layer> list = onFx(() -> (ListView<Layer>) window.tabPane().getScene().lookup("#layersList"));
    runFx(() -> list.getSelectionModel().select(
        list.getItems().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow()));
    waitFor(60, () -> window.selectedView().flatMap(AnalysisView::currentActivation)
        .map(a -> a.layer().equals(layer)).orElse(false));
    Path file = temp.resolve("npy").resolve(layer + ".npy");
    Files.createDirectories(file.getParent());
    dialogs.fileAnswer = name -> Optional.of(file);
    runFx(export::exportActivations);
    assertEquals("chelsea-" + layer + ".npy", dialogs.asked.get(0).fileName());
    waitFor(30, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);
    Tensor expected = vm.getAnalyzer().layers(analysis.input(), List.of(layer)).get(layer);
    assertSameTensor(expected, NpyReader.read(file));
  }

  @Test
  void exportActivationsOnTheFiltersTabWritesTheChosenLayersKernel() throws Exception {
    selectTab("Filters");
    waitFor(30, () -> window.selectedView().flatMap(AnalysisView::currentKernel).isPresent());
    String layer = onFx(() -> window.selectedView().flatMap(AnalysisView::currentKernel).orElseThrow().layer());
    Path file = temp.resolve("npy").resolve("kernel.npy");
    Files.createDirectories(file.getParent());
    dialogs.fileAnswer = name -> Optional.of(file);
    runFx(export::exportActivations);
    assertEquals("chelsea-" + layer + "-kernel.npy", dialogs.asked.get(0).fileName());
    waitFor(30, () -> !notes.infos.isEmpty() || !notes.errors.isEmpty());
    assertEquals(List.of(), notes.errors);
    assertSameTensor(vm.getNetwork().weights(layer).get(0), NpyReader.read(file));
  }

  @Test
  void exportActivationsOnATabWithoutOneSaysWhereToFindThem() throws Exception {
    selectTab("Model");
    runFx(export::exportActivations);
    assertTrue(dialogs.asked.isEmpty());
    assertTrue(notes.warnings.get(0).contains("Feature maps") && notes.warnings.get(0).contains("Layers"),
        notes.warnings.toString());
  }

  @Test
  void theFileMenuOffersTheNpyExportWithAShortcut() throws Exception {
    List<String[]> shortcuts = onFx(window::shortcuts);
    assertTrue(shortcuts.stream().anyMatch(s -> s[1].equals("File > Export activations (.npy)...")),
        shortcuts.stream().map(s -> s[1]).toList().toString());
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private void selectTab(String name) throws Exception {
    runFx(() -> assertTrue(window.selectTab(name)));
  }

  private static void assertSameTensor(Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    assertArrayEquals(expected.data(), actual.data());
  }

  private static Set<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private record Asked(String kind, String title, String extension, Path folder, String fileName) {}

  /** Answers the dialogs as the test says and records what they were asked. */
  private static final class FakeDialogs implements ExportController.Dialogs {
    final List<Asked> asked = new ArrayList<>();
    Optional<Path> folderAnswer = Optional.empty();
    java.util.function.Function<String, Optional<Path>> fileAnswer = name -> Optional.empty();

    @Override
    public Optional<Path> saveFile(String title, String kind, String extension, Path folder, String fileName) {
      asked.add(new Asked(kind, title, extension, folder, fileName));
      return fileAnswer.apply(fileName);
    }

    @Override
    public Optional<Path> chooseFolder(String title, Path folder) {
      asked.add(new Asked("folder", title, null, folder, null));
      return folderAnswer;
    }

    final List<Path> replaceAsked = new ArrayList<>();
    boolean replaceAnswer;

    @Override
    public boolean confirmReplace(Path file) {
      replaceAsked.add(file);
      return replaceAnswer;
    }
  }

  /** What the exporter told the user; written on the JavaFX thread, read by the test after waiting. */
  private static final class Recorded implements Notifier {
    final List<String> infos = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void error(String title, Throwable error) {
      errors.add(title + ": " + error);
    }

    @Override
    public void warning(String title, String message) {
      warnings.add(title + ": " + message);
    }

    @Override
    public void info(String title, String message) {
      infos.add(title + ": " + message);
    }

    List<String> all() {
      List<String> all = new ArrayList<>(infos);
      all.addAll(warnings);
      all.addAll(errors);
      return all;
    }

    void clear() {
      infos.clear();
      warnings.clear();
      errors.clear();
    }
  }
}
