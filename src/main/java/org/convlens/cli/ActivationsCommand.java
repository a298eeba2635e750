package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convlens.export.NpyWriter;
import org.convlens.model.ResNet50V2;
import org.convlens.model.NetworkStage;
import org.convlens.model.Stages;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes layer activations as NumPy files, for people who analyse them further. */
@Command(name = "activations", description = "Write layer activations as NumPy .npy files (NHWC, float32, batch dimension dropped).")
final class ActivationsCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "PNG, JPEG, BMP or GIF file.")
  Path image;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .npy files (created if missing).")
  Path out;

  @Option(names = "--layers", split = ",", paramLabel = "a,b,c",
      description = "Layers to write (default: the stage outputs, for ResNet50V2 its five stages).")
  List<String> layers;

  private final CliContext context;

  ActivationsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    try (var service = context.model(model.choice())) {
      List<String> wanted = layers != null ? layers
          : Stages.of(service.network().graph()).stream().map(NetworkStage::layer).toList();
      Files.createDirectories(out);
      Analysis analysis = context.analyzer(service).analyze(image, wanted);
      for (String layer : wanted) {
        write(layer, analysis.activations().get(layer));
      }
      if (analysis.activations().has(ResNet50V2.PREDICTIONS)) {
        write(ResNet50V2.PREDICTIONS, analysis.activations().get(ResNet50V2.PREDICTIONS));
      }
      if (analysis.weights().untrained()) {
        context.out().println("Note: UNTRAINED weights (" + analysis.weights().description() + ").");
      }
      return 0;
    }
  }

  private void write(String layer, Tensor tensor) throws java.io.IOException {
    // Layer names may contain '/', which would make sub-folders.
    Path file = out.resolve(layer.replace('/', '_') + ".npy");
    NpyWriter.write(file, tensor);
    context.out().println(file + "  " + Tensor.formatShape(tensor.shape()));
  }
}
