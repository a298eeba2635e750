package org.convlens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.convlens.export.NpyReader;
import org.convlens.export.NpyWriter;
import org.convlens.inference.ModelService;
import org.convlens.model.LayerGraph;
import org.convlens.model.NetworkStage;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes layer activations as NumPy files, for people who analyse them further. */
@Command(name = "activations", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write layer activations as NumPy .npy files (NHWC, float32, batch "
    + "dimension dropped for one image). A nested layer outer/inner is written as outer/inner.npy.")
final class ActivationsCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin PreprocessOption preprocess;

  @Mixin BatchOptions batch;

  @Parameters(arity = "0..*", paramLabel = "IMAGE",
      description = "PNG, JPEG, BMP or GIF files, folders of them, or patterns such as 'photos/*.jpg'; "
          + "several images get one sub-folder each.")
  List<String> images = List.of();

  @Option(names = "--input", paramLabel = "ARRAY.npy",
      description = "Instead of an image: an already preprocessed float32 array, shaped as the model's input "
          + "(h, w, c) or a batch of them (n, h, w, c); used as it is. With n > 1 every file keeps the batch "
          + "dimension.")
  Path array;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .npy files (created if missing).")
  Path out;

  @Option(names = "--layers", split = ",", paramLabel = "a,b,c",
      description = "Layers to write (default: the stage outputs, for ResNet50V2 its five stages).")
  List<String> layers;

  @Option(names = "--fail-fast", description = "Stop at the first image that fails (default: report it and go on).")
  boolean failFast;

  private final CliContext context;

  ActivationsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (images.isEmpty() == (array == null)) {
      throw new IllegalArgumentException("give either IMAGE files or --input ARRAY.npy (one of them)");
    }
    if (array != null && preprocess.mode != null) {
      throw new IllegalArgumentException("--preprocess applies to images; an --input array is used as it is: "
          + "leave out --preprocess");
    }
    BatchAnalysis.Options options = batch.options(failFast); // bad arguments fail before the model loads
    ImageArgs inputs = array == null ? ImageArgs.expand(images, batch.recursive) : null;
    try (ModelService service = context.model(model.choice())) {
      LayerGraph graph = service.network().graph();
      List<String> wanted = new ArrayList<>(layers != null ? layers
          : service.network().stages().stream().map(NetworkStage::layer).toList());
      // The output vector too (ImageNet's "predictions" for ResNet50V2), as before.
      Analyzer.outputVector(graph).filter(l -> !wanted.contains(l)).ifPresent(wanted::add);
      for (String layer : wanted) {
        file(out, layer); // a name that is not a safe path fails before anything runs
      }
      Batch.Outcome outcome;
      if (array != null) {
        Tensor samples = Analyzer.batch(NpyReader.read(array), graph);
        context.err().println("Preprocessing: none (the --input array is used as it is)");
        Activations activations = Analyzer.runBatch(service, samples, wanted);
        outcome = Batch.run(context, List.of(array), out, true, (input, folder, target) ->
            write(wanted, activations, folder, target));
      } else {
        Analyzer analyzer = context.analyzer(service, preprocess.mode);
        outcome = new BatchAnalysis(context, analyzer, wanted, options).run(inputs, out,
            (analysis, folder, target) -> write(wanted, analysis.activations(), folder, target));
      }
      if (service.network().origin().untrained()) {
        context.out().println("Note: UNTRAINED weights (" + service.network().origin().description() + ").");
      }
      return outcome.exitCode();
    }
  }

  /**
   * Where a layer's activations go under {@code folder}: {@code <layer>.npy}, a nested layer {@code outer/inner}
   * in a sub-folder. Names come from the model file, so anything that could leave the folder is refused.
   */
  private static Path file(Path folder, String layer) {
    for (String part : layer.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("\\") || part.contains(":")) {
        throw new IllegalArgumentException("cannot write layer '" + layer + "' as a file under " + folder
            + ": its name has an empty, '.' or '..' part, or a '\\' or ':'");
      }
    }
    return folder.resolve(layer + ".npy");
  }

  private void write(List<String> layers, Activations activations, Path folder, Path target) throws IOException {
    for (String layer : layers) {
      Tensor tensor = activations.get(layer);
      Path file = file(folder, layer);
      Files.createDirectories(file.getParent());
      NpyWriter.write(file, tensor);
      context.out().println(file(target, layer) + "  " + Tensor.formatShape(tensor.shape()));
    }
  }
}
