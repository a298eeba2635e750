package org.convlens.ui.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.Colormap;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.FilterNormalization;
import org.convlens.viz.MapNormalization;
import org.convlens.viz.MosaicOptions;

/**
 * What the app remembers between runs. An immutable value: the app changes it with the {@code with...}
 * methods and saves the new one. The compact constructor repairs anything missing or out of range (an older or
 * hand-edited file), so every field a reader gets is usable.
 *
 * @param window the last window bounds, null for "let the app choose"
 * @param imageFolder where "Open image" last looked, null for none
 * @param exportFolder where the last export went
 * @param weightsPath the weights file that last loaded after the user chose it, null for none
 * @param model the weights without a file that last loaded after the user chose them: {@code "untrained:SEED"} or
 *     {@code "bundled"}; null (and no weightsPath) means search the usual places
 * @param recentFiles most recent first, at most {@value #MAX_RECENT}
 * @param filterNormalization the Filters tab's normalisation (absent in files written before it was remembered)
 */
public record Settings(
    WindowBounds window,
    String imageFolder,
    String exportFolder,
    String weightsFolder,
    int maps,
    ChannelOrder order,
    MapNormalization normalization,
    Colormap colormap,
    boolean darkMode,
    String weightsPath,
    List<String> recentFiles,
    String model,
    FilterNormalization filterNormalization) {

  public static final int MAX_RECENT = 10;
  /** The mosaic sizes the View menu offers: square grids of 4x4 up to 16x8. */
  public static final Set<Integer> MAP_CHOICES = Set.of(16, 32, 64, 128);

  /** A window's position and size on screen. */
  public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    /** Too small or non-finite bounds (a corrupt file) are not worth restoring. */
    public boolean usable() {
      return Double.isFinite(x) && Double.isFinite(y) && width >= 400 && height >= 300
          && Double.isFinite(width) && Double.isFinite(height);
    }
  }

  public Settings {
    MosaicOptions defaults = MosaicOptions.defaults();
    if (window != null && !window.usable()) {
      window = null;
    }
    maps = MAP_CHOICES.contains(maps) ? maps : defaults.maps();
    order = order == null ? defaults.order() : order;
    normalization = normalization == null ? defaults.normalization() : normalization;
    colormap = colormap == null ? defaults.colormap() : colormap;
    List<String> recent = new ArrayList<>();
    if (recentFiles != null) {
      recentFiles.stream().filter(f -> f != null && !f.isBlank()).distinct().limit(MAX_RECENT)
          .forEach(recent::add);
    }
    recentFiles = List.copyOf(recent);
    if (filterNormalization == null) {
      filterNormalization = FilterGridOptions.defaults().normalization();
    }
  }

  /** Nothing remembered yet. */
  public static Settings defaults() {
    return new Settings(null, null, null, null, 0, null, null, null, false, null, List.of(), null, null);
  }

  public MosaicOptions mosaicOptions() {
    return new MosaicOptions(maps, order, normalization, colormap);
  }

  public Settings withMosaicOptions(MosaicOptions o) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, o.maps(), o.order(), o.normalization(),
        o.colormap(), darkMode, weightsPath, recentFiles, model, filterNormalization);
  }

  /** The Filters tab's options: the defaults with the remembered normalisation. */
  public FilterGridOptions filterOptions() {
    return FilterGridOptions.defaults().withNormalization(filterNormalization);
  }

  public Settings withFilterOptions(FilterGridOptions o) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, o.normalization());
  }

  public Settings withWindow(WindowBounds w) {
    return new Settings(w, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization);
  }

  public Settings withImageFolder(String folder) {
    return new Settings(window, folder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization);
  }

  public Settings withExportFolder(String folder) {
    return new Settings(window, imageFolder, folder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization);
  }

  public Settings withWeightsFolder(String folder) {
    return new Settings(window, imageFolder, exportFolder, folder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization);
  }

  public Settings withDarkMode(boolean dark) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        dark, weightsPath, recentFiles, model, filterNormalization);
  }

  /** Remembers the weights that loaded: a file, or (path null) weights without a file, or neither (search). */
  public Settings withWeights(String path, String withoutFile) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, path, recentFiles, path != null ? null : withoutFile, filterNormalization);
  }

  /** Puts {@code file} first in the recent list (moving it up if it was there), keeping at most ten. */
  public Settings withRecentFile(String file) {
    List<String> recent = new ArrayList<>();
    recent.add(file);
    recentFiles.stream().filter(f -> !f.equals(file)).forEach(recent::add);
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recent.subList(0, Math.min(MAX_RECENT, recent.size())), model,
        filterNormalization);
  }
}
