package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.convlens.export.ExportPaths;
import org.convlens.export.ViewBundle;
import org.convlens.export.ViewBundleWriter;
import org.convlens.inference.ModelService;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.Colormap;
import org.convlens.viz.MapNormalization;
import org.convlens.viz.MosaicOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes every view of one or more images: the filter grid, the five stage mosaics, predictions and a contact
 * sheet. Several images share one loaded model; each gets its own sub-folder.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write filters.png, one PNG per stage (conv1.png ... conv5.png for ResNet50V2), "
        + "predictions.json and index.html for each image.")
final class ExportCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin PreprocessOption preprocess;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "One or more image files.")
  List<Path> images;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
  Path out;

  @Option(names = "--maps", defaultValue = "64", description = "Feature maps per mosaic (default: ${DEFAULT-VALUE}).")
  int maps;

  @Option(names = "--order", defaultValue = "index", description = "Which maps: index, mean or max (default: ${DEFAULT-VALUE}).")
  ChannelOrder order;

  @Option(names = "--norm", defaultValue = "channel", description = "Scaling: channel, layer or percentile (default: ${DEFAULT-VALUE}).")
  MapNormalization norm;

  @Option(names = "--colormap", defaultValue = "viridis", description = "gray, viridis, magma or diverging (default: ${DEFAULT-VALUE}).")
  Colormap colormap;

  @Option(names = "--layers", split = ",", paramLabel = "a,b", description = "More layers to draw, each as <layer>.png.")
  List<String> layers = List.of();

  private final CliContext context;

  ExportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    MosaicOptions mosaic = new MosaicOptions(maps, order, norm, colormap);
    try (ModelService service = context.model(model.choice())) {
      for (String layer : layers) {
        service.network().graph().layer(layer); // unknown names fail before any work
      }
      Analyzer analyzer = context.analyzer(service, preprocess.mode);
      Set<String> usedNames = new HashSet<>();
      for (Path image : images) {
        Path folder = images.size() == 1 ? out : out.resolve(folderName(image, usedNames));
        Files.createDirectories(folder);
        Analysis analysis = analyzer.analyze(image, layers);
        ViewBundle bundle = analysis.views(service.network()).extraLayers(layers).mosaic(mosaic).build();
        List<Path> written = ViewBundleWriter.write(folder, bundle);
        context.out().println(image + " -> " + folder + " (" + written.size() + " files)");
      }
      if (service.network().origin().untrained()) {
        context.out().println("Note: UNTRAINED weights (" + service.network().origin().description() + ").");
      }
      return 0;
    }
  }

  /**
   * The image's base name, made unique (ignoring case, for case-insensitive file systems) when two images share
   * one; the same naming as the app's "Export all views".
   */
  private static String folderName(Path image, Set<String> used) {
    String name = ExportPaths.unique(ExportPaths.baseName(image), n -> used.contains(n.toLowerCase(Locale.ROOT)));
    used.add(name.toLowerCase(Locale.ROOT));
    return name;
  }
}
