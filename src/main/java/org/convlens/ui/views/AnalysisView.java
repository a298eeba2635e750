package org.convlens.ui.views;

import java.util.List;
import java.util.Optional;
import javafx.scene.control.Tab;
import org.convlens.model.ModelSummary;

/**
 * One tab of the main window (Model, Filters, Feature maps, Layers). A view listens to the
 * {@link org.convlens.ui.MainViewModel} it was given, renders off the JavaFX thread through the injected
 * {@link org.convlens.ui.tasks.TaskRunner}, and can say what "Export current view" would write (a picture, or
 * the Model tab's table) and which activation "Export activations (.npy)" would write.
 */
public interface AnalysisView {
  Tab tab();

  /** The full-resolution rendering of what the view shows now, if it shows a picture. */
  Optional<ViewImage> currentImage();

  // The window's zoom keys (+, -) and Ctrl+PageUp/PageDown act on the view shown, wherever the focus is;
  // views without zoom or sub-tabs keep these defaults and ignore them.

  /** The view's zoom bar, which the window's zoom keys work; empty for a view without zoom. */
  default Optional<ZoomBar> zoomBar() {
    return Optional.empty();
  }

  default void zoomIn() {
    zoomBar().ifPresent(ZoomBar::zoomIn);
  }

  default void zoomOut() {
    zoomBar().ifPresent(ZoomBar::zoomOut);
  }

  default void zoomToFit() {
    zoomBar().ifPresent(ZoomBar::fit);
  }

  /** Selects the next ({@code delta > 0}) or previous sub-tab, e.g. Feature maps' stages; false when none. */
  default boolean selectSubTab(int delta) {
    return false;
  }

  /** The activation the view shows now (a stage, a layer), for "Export activations (.npy)"; empty when none. */
  default Optional<LayerActivation> currentActivation() {
    return Optional.empty();
  }

  /** The kernel the view shows now (the Filters tab), for "Export activations (.npy)"; empty when none. */
  default Optional<LayerKernel> currentKernel() {
    return Optional.empty();
  }

  /** The rows of the layer table the view shows, for "Export current view" as CSV; empty for picture views. */
  default Optional<List<ModelSummary.Row>> currentLayerTable() {
    return Optional.empty();
  }
}
