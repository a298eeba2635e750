package org.convlens.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.convlens.export.ExportPaths;
import org.convlens.export.LayerTableCsv;
import org.convlens.export.NpyWriter;
import org.convlens.export.PngWriter;
import org.convlens.export.ViewBundle;
import org.convlens.export.ViewBundleWriter;
import org.convlens.model.ModelSummary;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Tensor;
import org.convlens.ui.views.AnalysisView;
import org.convlens.ui.views.LayerActivation;
import org.convlens.ui.views.LayerKernel;
import org.convlens.ui.views.ViewImage;

/**
 * The File menu's exports: the current view (a picture as PNG, the Model tab's table as CSV), the shown
 * activation as NumPy {@code .npy}, and every view of the image into a new folder of its own. It asks the
 * {@link Dialogs} where, writes in the background through the controller's task runner and reports the result.
 * Export all never replaces anything: it always writes into a folder it has just created.
 *
 * <p>Use on the JavaFX thread.
 */
public final class ExportController {
  /** The file choosers: a seam, so tests can answer them. Both return empty when the user cancels. */
  public interface Dialogs {
    /** A save dialog; a file that exists is confirmed by the dialog itself ("Replace?"). */
    Optional<Path> saveFile(String title, String kind, String extension, Path folder, String fileName);

    Optional<Path> chooseFolder(String title, Path folder);

    /** Asks whether to replace {@code file}, which the save dialog could not see (its extension was added). */
    boolean confirmReplace(Path file);

    /** JavaFX's native choosers, owned by {@code owner}. */
    static Dialogs of(Window owner) {
      return new Dialogs() {
        @Override
        public Optional<Path> saveFile(String title, String kind, String extension, Path folder, String fileName) {
          FileChooser chooser = new FileChooser();
          chooser.setTitle(title);
          chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, "*" + extension));
          if (Files.isDirectory(folder)) { // the chooser refuses a folder that is gone
            chooser.setInitialDirectory(folder.toFile());
          }
          chooser.setInitialFileName(fileName);
          return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        }

        @Override
        public Optional<Path> chooseFolder(String title, Path folder) {
          DirectoryChooser chooser = new DirectoryChooser();
          chooser.setTitle(title);
          if (Files.isDirectory(folder)) {
            chooser.setInitialDirectory(folder.toFile());
          }
          return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
        }

        @Override
        public boolean confirmReplace(Path file) {
          Alert alert = new Alert(Alert.AlertType.CONFIRMATION, file.getFileName() + " already exists in "
              + file.getParent() + ". Replace it?", ButtonType.CANCEL, ButtonType.OK);
          alert.initOwner(owner);
          alert.setHeaderText(null);
          alert.setTitle("Replace " + file.getFileName() + "?");
          return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
        }
      };
    }
  }

  private final MainController controller;
  private final MainViewModel vm;
  private final Notifier notifier;
  private final Dialogs dialogs;
  private final Supplier<Optional<AnalysisView>> selectedView;
  private final Path home;

  /**
   * @param selectedView the view whose tab is selected, if any
   * @param home the user's home folder: the dialogs open in its Pictures folder until an export is remembered
   */
  public ExportController(MainController controller, Notifier notifier, Dialogs dialogs,
      Supplier<Optional<AnalysisView>> selectedView, Path home) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.vm = controller.viewModel();
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    this.selectedView = Objects.requireNonNull(selectedView, "selectedView");
    this.home = Objects.requireNonNull(home, "home");
  }

  // ---- the menu's actions: ask where, then write ----------------------------------------------------------

  /** File > Export current view: the picture the tab shows as PNG, or the Model tab's layer table as CSV. */
  public void exportCurrentView() {
    Optional<AnalysisView> view = selectedView.get();
    Optional<ViewImage> image = view.flatMap(AnalysisView::currentImage);
    if (image.isPresent()) {
      ask("Export current view", "PNG image", ".png", image.get().suggestedFileName())
          .ifPresent(file -> exportView(image.get(), file));
      return;
    }
    Optional<List<ModelSummary.Row>> table = view.flatMap(AnalysisView::currentLayerTable);
    if (table.isPresent() && table.get().isEmpty()) {
      notifier.warning("Nothing to export", "No layer matches the filter; clear it to export the whole table.");
    } else if (table.isPresent()) {
      ask("Export the layer table", "CSV table", ".csv", "layers.csv")
          .ifPresent(file -> exportTable(table.get(), file));
    } else {
      notifier.warning("Nothing to export", "This tab shows no picture yet.");
    }
  }

  /**
   * File > Export activations (.npy): the stage or layer the selected tab shows, as the model computed it; on the
   * Filters tab, the chosen layer's kernel.
   */
  public void exportActivations() {
    Optional<LayerActivation> shown = selectedView.get().flatMap(AnalysisView::currentActivation);
    Optional<LayerKernel> kernel = selectedView.get().flatMap(AnalysisView::currentKernel);
    if (shown.isEmpty() && kernel.isPresent()) {
      ask("Export the kernel of " + kernel.get().layer(), "NumPy array", ".npy", kernel.get().suggestedFileName())
          .ifPresent(file -> exportKernel(kernel.get(), file));
      return;
    }
    if (shown.isEmpty()) {
      notifier.warning("No activations to export",
          "Show a stage on the Feature maps tab or a layer (other than the input) on the Layers tab first.");
      return;
    }
    ask("Export activations of " + shown.get().layer(), "NumPy array", ".npy", shown.get().layer() + ".npy")
        .ifPresent(file -> exportActivation(shown.get(), file));
  }

  /** File > Export all views: asks for a folder, in which a new folder named after the image is made. */
  public void exportAllViews() {
    Analysis analysis = vm.getAnalysis();
    if (analysis == null) {
      notifier.warning("Nothing to export yet", "Open an image first.");
      return;
    }
    String name = ExportPaths.baseName(analysis.source());
    dialogs.chooseFolder("Export all views: choose where to make the new folder '" + name + "'",
            ExportPaths.defaultFolder(controller.settings().exportFolder(), home))
        .ifPresent(this::exportAll);
  }

  /** A save dialog in the default folder with a file name that starts with the image's, extension ensured. */
  private Optional<Path> ask(String title, String kind, String extension, String suggested) {
    Path image = vm.getAnalysis() == null ? null : vm.getAnalysis().source();
    return dialogs.saveFile(title, kind, extension,
            ExportPaths.defaultFolder(controller.settings().exportFolder(), home),
            ExportPaths.defaultFileName(image, suggested))
        .flatMap(chosen -> {
          Path file = ExportPaths.withExtension(chosen, extension);
          // The dialog asked about the name as typed; a file under the completed name needs asking too.
          boolean unasked = !file.equals(chosen) && Files.exists(file);
          return unasked && !dialogs.confirmReplace(file) ? Optional.empty() : Optional.of(file);
        });
  }

  // ---- writing, in the background --------------------------------------------------------------------------

  /** Writes a view's full-resolution raster with its metadata to {@code file}. */
  public void exportView(ViewImage image, Path file) {
    Path target = remember(file);
    controller.tasks().submit("Exporting " + target.getFileName(), p -> {
      PngWriter.write(target, image.raster(), image.metadata());
      return target;
    }, written -> notifier.info("Exported", "Saved " + written),
        error -> notifier.error("Could not export " + target.getFileName(), error));
  }

  /** Writes the layer table as CSV to {@code file}. */
  public void exportTable(List<ModelSummary.Row> rows, Path file) {
    Path target = remember(file);
    List<ModelSummary.Row> copy = List.copyOf(rows);
    controller.tasks().submit("Exporting " + target.getFileName(), p -> {
      LayerTableCsv.write(target, copy);
      return target;
    }, written -> notifier.info("Exported", copy.size() + " layers saved to " + written),
        error -> notifier.error("Could not export " + target.getFileName(), error));
  }

  /** Writes the activation as a float32 {@code .npy} to {@code file}. */
  public void exportActivation(LayerActivation shown, Path file) {
    Path target = remember(file);
    Tensor t = shown.activation();
    controller.tasks().submit("Exporting " + target.getFileName(), p -> {
      NpyWriter.write(target, t);
      return target;
    }, written -> notifier.info("Exported", shown.layer() + " " + Tensor.formatShape(t.shape())
            + " saved to " + written),
        error -> notifier.error("Could not export " + target.getFileName(), error));
  }

  /** Writes a layer's kernel as a float32 {@code .npy} to {@code file}. */
  public void exportKernel(LayerKernel kernel, Path file) {
    Path target = remember(file);
    Tensor t = kernel.kernel();
    controller.tasks().submit("Exporting " + target.getFileName(), p -> {
      NpyWriter.write(target, t);
      return target;
    }, written -> notifier.info("Exported", "The kernel of " + kernel.layer() + " " + Tensor.formatShape(t.shape())
            + " saved to " + written),
        error -> notifier.error("Could not export " + target.getFileName(), error));
  }

  /**
   * Writes every view of the current image (filters.png, conv1.png ... conv5.png, predictions.json, index.html;
   * the command line's {@code export} layout and the current view options) into a NEW folder in {@code parent}
   * named after the image ({@code chelsea}, or {@code chelsea-2} ... when that exists), so nothing the user
   * has is replaced. The success message names the folder.
   */
  public void exportAll(Path parent) {
    Analysis analysis = vm.getAnalysis();
    Analyzer analyzer = vm.getAnalyzer();
    if (analysis == null || analyzer == null) {
      notifier.warning("Nothing to export yet", "Open an image first.");
      return;
    }
    Path where = parent.toAbsolutePath().normalize();
    controller.updateSettings(s -> s.withExportFolder(where.toString()));
    ViewBundle bundle = analysis.views(analyzer.model().network())
        .mosaic(vm.mosaicOptionsProperty().get())
        .filters(vm.filterOptionsProperty().get())
        .build();
    controller.tasks().submit("Exporting all views", p -> {
      Path folder = ExportPaths.createFolderFor(where, analysis.source());
      return new Written(folder, ViewBundleWriter.write(folder, bundle));
    }, w -> notifier.info("Exported", w.files().size() + " files written to the new folder "
            + w.folder().getFileName() + " in " + where),
        error -> notifier.error("Could not export the views into " + where, error));
  }

  private record Written(Path folder, List<Path> files) {}

  /** The absolute target; its folder becomes the one the next export dialog opens in. */
  private Path remember(Path file) {
    Path target = file.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent != null) {
      controller.updateSettings(s -> s.withExportFolder(parent.toString()));
    }
    return target;
  }
}
