package org.convlens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.convlens.export.PredictionsJson;
import org.convlens.export.RunInfo;
import org.convlens.model.LayerGraph;
import org.convlens.model.Prediction;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints the model's top outputs for an image: ImageNet classes for a 1000-class head, otherwise the largest
 * outputs by unit index.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the top ImageNet classes for an image (for a head that is not "
    + "ImageNet's 1000 classes: its largest outputs, by unit).")
final class PredictCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin PreprocessOption preprocess;

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
      LayerGraph graph = service.network().graph();
      Optional<String> output = Analyzer.outputVector(graph);
      if (output.isEmpty() && json) {
        context.out().println(PredictionsJson.toJson(List.of(),
            RunInfo.of(graph.name(), service.network().origin(), image)));
        return 0;
      }
      if (output.isEmpty()) {
        // Not an error: a model without its head still has feature maps worth looking at.
        context.out().println("No predictions: the output of " + graph.name() + " (layer '" + graph.outputLayer()
            + "', " + Tensor.formatShape(graph.outputShape(graph.outputLayer())) + ") is not a vector of scores."
            + " Its stage activations are there: convlens activations IMAGE --out DIR");
        return 0;
      }
      Analyzer analyzer = context.analyzer(service, preprocess.mode);
      Analysis analysis = analyzer.analyze(image, List.of());
      List<Prediction> predictions = Analyzer.top(analysis.activations().get(output.get()), top, context.classes());
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
        if (p.label() == null) {
          context.out().printf("%2d. unit %d: %.4g%n", i + 1, p.classIndex(), p.probability());
        } else {
          context.out().printf("%2d. %-30s %7.2f%%  (class %d)%n", i + 1, p.label(), 100 * p.probability(),
              p.classIndex());
        }
      }
      return 0;
    }
  }
}
