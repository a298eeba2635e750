package org.convlens.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.convlens.files.FileTrees;
import org.convlens.tensor.Tensor;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridImage;
import org.convlens.viz.Mosaic;
import org.convlens.viz.MosaicOptions;

/**
 * Writes a {@link ViewBundle} into a folder: {@code filters.png}, one {@code <stage>.png} per stage,
 * {@code <layer>.png} per extra layer, {@code predictions.json} and an {@code index.html} contact sheet.
 * Every PNG carries its provenance in text chunks.
 */
public final class ViewBundleWriter {
  private ViewBundleWriter() {}

  /**
   * Writes the bundle into {@code folder} (created if missing) and returns the files written, in order.
   * Every layer is looked up before anything is written, so a missing one leaves no half-made folder.
   *
   * @throws java.util.NoSuchElementException if a requested layer is not among the activations
   */
  public static List<Path> write(Path folder, ViewBundle bundle) throws IOException {
    boolean created = !Files.isDirectory(folder);
    List<Path> written = new ArrayList<>();
    try {
      writeInto(folder, bundle, written);
      return written;
    } catch (IOException | RuntimeException e) {
      // A full disk or a folder that became read-only midway: take back this export's files, so no partial one
      // is left beside the user's own.
      for (Path file : written) {
        FileTrees.deleteQuietly(file);
      }
      if (created) {
        FileTrees.deleteQuietly(folder);
      }
      throw e;
    }
  }

  private static void writeInto(Path folder, ViewBundle bundle, List<Path> written) throws IOException {
    Map<String, Tensor> stages = new LinkedHashMap<>();
    bundle.stages().forEach((stage, layer) -> stages.put(stage, bundle.activations().get(layer)));
    Map<String, Tensor> extras = new LinkedHashMap<>();
    bundle.extraLayers().forEach(layer -> extras.put(layer, bundle.activations().get(layer)));

    Files.createDirectories(folder);
    List<ContactSheet.Entry> entries = new ArrayList<>();
    Set<String> usedNames = new HashSet<>();

    if (bundle.kernel() != null) {
      Path file = folder.resolve(uniqueName("filters", usedNames) + ".png");
      FilterGridImage grid = FilterGrid.render(bundle.kernel(), bundle.filters());
      Map<String, String> text = bundle.run().metadata();
      text.put("View", "Filters");
      text.put("Layer", bundle.kernelLayer());
      text.put("Kernel shape", Tensor.formatShape(bundle.kernel().shape()));
      text.put("Normalisation", bundle.filters().normalization().description());
      text.put("Colormap", bundle.filters().normalization().colormap().description());
      text.put("Weight range", grid.kernelRange().low() + " to " + grid.kernelRange().high());
      text.put("Non-finite weights", Integer.toString(grid.nonFiniteWeights()));
      PngWriter.write(file, grid.raster(), text);
      written.add(file);
      entries.add(new ContactSheet.Entry(file.getFileName().toString(), "Filters of " + bundle.kernelLayer() + " "
          + Tensor.formatShape(bundle.kernel().shape()) + ": one row per filter, one column per input channel"
          + (grid.layout().colourColumn() ? " and a colour column" : "") + "; "
          + bundle.filters().normalization().description()));
    }
    for (Map.Entry<String, Tensor> e : stages.entrySet()) {
      String layer = bundle.stages().get(e.getKey());
      Path file = folder.resolve(uniqueName(e.getKey(), usedNames) + ".png");
      entries.add(writeMosaic(file, e.getKey(), layer, e.getValue(), bundle));
      written.add(file);
    }
    for (Map.Entry<String, Tensor> e : extras.entrySet()) {
      Path file = folder.resolve(uniqueName(e.getKey(), usedNames) + ".png");
      entries.add(writeMosaic(file, null, e.getKey(), e.getValue(), bundle));
      written.add(file);
    }
    if (!bundle.predictions().isEmpty()) {
      Path file = folder.resolve("predictions.json");
      PredictionsJson.write(file, bundle.predictions(), bundle.run());
      written.add(file);
    }
    Path index = folder.resolve("index.html");
    String title = "ConvLens: " + bundle.run().model()
        + (bundle.run().imageFile().isEmpty() ? "" : " on " + bundle.run().imageFile());
    ContactSheet.write(index, title, bundle.run(), entries, bundle.predictions());
    written.add(index);
  }

  private static ContactSheet.Entry writeMosaic(Path file, String stage, String layer, Tensor activation,
      ViewBundle bundle) throws IOException {
    MosaicOptions options = bundle.mosaic();
    Mosaic mosaic = FeatureMosaic.render(activation, options);
    String channels = mosaic.channelSelection();
    Map<String, String> text = bundle.run().metadata();
    text.put("View", "Feature maps");
    if (stage != null) {
      text.put("Stage", stage);
    }
    text.put("Layer", layer);
    text.put("Shape", Tensor.formatShape(activation.shape()));
    text.put("Channels", channels);
    text.put("Channel indices", mosaic.tiles().stream().map(t -> Integer.toString(t.channel()))
        .collect(Collectors.joining(",")));
    text.put("Normalisation", options.normalization().description());
    text.put("Colormap", options.colormap().description());
    text.put("Dead channels", mosaic.deadChannels() + " shown, " + mosaic.deadChannelsInLayer() + " in the layer");
    text.put("Non-finite values", Integer.toString(mosaic.nonFiniteValues()));
    PngWriter.write(file, mosaic.raster(), text);

    StringBuilder caption = new StringBuilder();
    if (stage != null) {
      caption.append(stage).append(": ");
    }
    caption.append(layer).append(' ').append(Tensor.formatShape(activation.shape())).append(", ")
        .append(channels).append(", ").append(options.normalization().description()).append(", ")
        .append(options.colormap().description());
    if (mosaic.deadChannels() > 0) {
      caption.append(", ").append(mosaic.deadChannels()).append(" dead (hatched)");
    }
    if (mosaic.nonFiniteValues() > 0) {
      caption.append(", NaN/Inf values: ").append(mosaic.nonFiniteValues()).append(" (magenta)");
    }
    return new ContactSheet.Entry(file.getFileName().toString(), caption.toString());
  }

  /** A file-system-safe base name, made unique (case-insensitively) among those already used. */
  static String uniqueName(String name, Set<String> used) {
    String base = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
    if (base.isEmpty()) {
      base = "_";
    }
    String candidate = base;
    for (int i = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); i++) {
      candidate = base + "-" + i;
    }
    return candidate;
  }
}
