package org.convlens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convlens.export.ViewBundle;
import org.convlens.export.ViewBundleWriter;
import org.convlens.inference.ModelService;
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

  @Mixin BatchOptions batch;

  @Parameters(arity = "1..*", paramLabel = "IMAGE",
      description = "Image files, folders of them, or patterns such as 'photos/*.jpg'.")
  List<String> images;

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

  @Option(names = "--fail-fast", description = "Stop at the first image that fails (default: report it and go on).")
  boolean failFast;

  private final CliContext context;

  ExportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    MosaicOptions mosaic = new MosaicOptions(maps, order, norm, colormap);
    BatchAnalysis.Options options = batch.options(failFast); // bad arguments fail before the model loads
    ImageArgs inputs = ImageArgs.expand(images, batch.recursive);
    try (ModelService service = context.model(model.choice())) {
      for (String layer : layers) {
        service.network().graph().layer(layer); // unknown names fail before any work
      }
      Analyzer analyzer = context.analyzer(service, preprocess.mode);
      BatchAnalysis run = new BatchAnalysis(context, analyzer, layers, options);
      Batch.Outcome outcome = run.run(inputs, out, (analysis, folder, target) -> {
        ViewBundle bundle = analysis.views(service.network()).extraLayers(layers).mosaic(mosaic).build();
        List<Path> written = ViewBundleWriter.write(folder, bundle);
        context.out().println(analysis.source() + " -> " + target + " (" + written.size() + " files)");
      });
      if (service.network().origin().untrained()) {
        context.out().println("Note: UNTRAINED weights (" + service.network().origin().description() + ").");
      }
      return outcome.exitCode();
    }
  }
}
