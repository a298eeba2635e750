package org.convlens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convlens.export.PredictionsJson;
import org.convlens.export.RunInfo;
import org.convlens.model.Prediction;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the most probable ImageNet classes for an image. */
@Command(name = "predict", description = "Print the top ImageNet classes for an image.")
final class PredictCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "PNG, JPEG, BMP or GIF file.")
  Path image;

  @Option(names = "--top", defaultValue = "5", description = "How many classes (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  private final CliContext context;

  PredictCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (top < 1 || top > 1000) {
      throw new IllegalArgumentException("--top must be between 1 and 1000, got " + top);
    }
    try (var service = context.model(model.choice())) {
      Analyzer analyzer = context.analyzer(service);
      if (!service.network().hasPredictions()) {
        throw new IllegalArgumentException("the weights " + service.network().origin().description()
            + " have no classification head (a _notop file): predictions need the full weights file");
      }
      Analysis analysis = analyzer.analyze(image, List.of());
      List<Prediction> predictions = context.classes().top(analysis.activations().get("predictions"), top);
      RunInfo run = analysis.runInfo(service.network());
      if (json) {
        context.out().println(PredictionsJson.toJson(predictions, run));
        return 0;
      }
      if (run.untrained()) {
        context.out().println("UNTRAINED weights: these classes mean nothing (random network).");
      }
      for (int i = 0; i < predictions.size(); i++) {
        Prediction p = predictions.get(i);
        context.out().printf("%2d. %-30s %7.2f%%  (class %d)%n", i + 1, p.label(), 100 * p.probability(), p.classIndex());
      }
      return 0;
    }
  }
}
