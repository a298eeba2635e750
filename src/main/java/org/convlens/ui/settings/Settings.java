package org.convlens.ui.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * @param modelFile the Keras model file that last loaded after the user opened it ("Open model..."), null for
 *     none; it excludes weightsPath and model
 * @param preprocessing the preprocessing mode ({@code tf}, {@code caffe}, ...) the user chose per model or
 *     weights file (absolute path); a file not in it gets Keras's default for its architecture
 * @param application the built-in model ({@code --model} name, e.g. {@code vgg16}) whose weights, weightsPath or
 *     model (untrained) are; null (files written before there were several) means ResNet50V2
 * @param recentModels the Keras model files opened lately (absolute paths), most recent first, at most
 *     {@value #MAX_RECENT_MODELS}
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
    FilterNormalization filterNormalization,
    ModelFile modelFile,
    Map<String, String> preprocessing,
    String application,
    List<String> recentModels) {

  public static final int MAX_RECENT = 10;
  /** How many recently opened model files File > Model and the model switcher offer. */
  public static final int MAX_RECENT_MODELS = 5;
  /** The mosaic sizes the View menu offers: square grids of 4x4 up to 16x8. */
  public static final Set<Integer> MAP_CHOICES = Set.of(16, 32, 64, 128);

  /**
   * A Keras model file of the user's own: a whole model, or an architecture {@code .json} with its weights.
   *
   * @param weights the weights file paired with an architecture {@code .json}; null for a whole model
   * @param imageSize the input size used when the file leaves it open
   */
  public record ModelFile(String file, String weights, int imageSize) {}

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
    recentModels = recentModels == null ? List.of()
        : recentModels.stream().filter(f -> f != null && !f.isBlank()).distinct().limit(MAX_RECENT_MODELS).toList();
    if (filterNormalization == null) {
      filterNormalization = FilterGridOptions.defaults().normalization();
    }
    if (modelFile != null && (modelFile.file() == null || modelFile.imageSize() < 1)) {
      modelFile = null; // a hand-edited file: search as if nothing were remembered
    }
    Map<String, String> modes = new TreeMap<>();
    if (preprocessing != null) {
      preprocessing.forEach((file, mode) -> {
        if (file != null && mode != null) {
          modes.put(file, mode);
        }
      });
    }
    preprocessing = Collections.unmodifiableMap(modes);
  }

  /** Nothing remembered yet. */
  public static Settings defaults() {
    return new Settings(null, null, null, null, 0, null, null, null, false, null, List.of(), null, null, null, null,
        null, List.of());
  }

  public MosaicOptions mosaicOptions() {
    return new MosaicOptions(maps, order, normalization, colormap);
  }

  public Settings withMosaicOptions(MosaicOptions o) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, o.maps(), o.order(), o.normalization(),
        o.colormap(), darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing,
        application, recentModels);
  }

  /** The Filters tab's options: the defaults with the remembered normalisation. */
  public FilterGridOptions filterOptions() {
    return FilterGridOptions.defaults().withNormalization(filterNormalization);
  }

  public Settings withFilterOptions(FilterGridOptions o) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, o.normalization(), modelFile, preprocessing, application,
        recentModels);
  }

  public Settings withWindow(WindowBounds w) {
    return new Settings(w, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        recentModels);
  }

  public Settings withImageFolder(String folder) {
    return new Settings(window, folder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        recentModels);
  }

  public Settings withExportFolder(String folder) {
    return new Settings(window, imageFolder, folder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        recentModels);
  }

  public Settings withWeightsFolder(String folder) {
    return new Settings(window, imageFolder, exportFolder, folder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        recentModels);
  }

  public Settings withDarkMode(boolean dark) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        dark, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        recentModels);
  }

  /**
   * Remembers the weights of a built-in model that loaded: a file, or (path null) weights without a file, or
   * neither (search the usual places).
   *
   * @param app the built-in model's {@code --model} name
   */
  public Settings withWeights(String path, String withoutFile, String app) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, path, recentFiles, path != null ? null : withoutFile, filterNormalization, null, preprocessing,
        app, recentModels);
  }

  /** As {@link #withWeights(String, String, String)} for the model remembered now. */
  public Settings withWeights(String path, String withoutFile) {
    return withWeights(path, withoutFile, application);
  }

  /** Remembers a Keras model file that loaded; it replaces any weights remembered before. */
  public Settings withModelFile(ModelFile file) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, null, recentFiles, null, filterNormalization, file, preprocessing, null, recentModels);
  }

  /** Remembers the preprocessing mode chosen for a model or weights file (absolute path). */
  public Settings withPreprocessing(String file, String mode) {
    Map<String, String> modes = new TreeMap<>(preprocessing);
    modes.put(file, mode);
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, modes, application,
        recentModels);
  }

  /** Puts {@code file} first in the recent list (moving it up if it was there), keeping at most ten. */
  public Settings withRecentFile(String file) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, first(file, recentFiles, MAX_RECENT), model, filterNormalization, modelFile,
        preprocessing, application, recentModels);
  }

  /** Puts a model file first in the recent models (moving it up if it was there), keeping at most five. */
  public Settings withRecentModel(String file) {
    return new Settings(window, imageFolder, exportFolder, weightsFolder, maps, order, normalization, colormap,
        darkMode, weightsPath, recentFiles, model, filterNormalization, modelFile, preprocessing, application,
        first(file, recentModels, MAX_RECENT_MODELS));
  }

  private static List<String> first(String file, List<String> list, int max) {
    List<String> recent = new ArrayList<>();
    recent.add(file);
    list.stream().filter(f -> !f.equals(file)).forEach(recent::add);
    return recent.subList(0, Math.min(max, recent.size()));
  }
}
