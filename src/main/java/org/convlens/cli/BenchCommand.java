package org.convlens.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convlens.bench.BenchSettings;
import org.convlens.bench.Benchmark;
import org.convlens.bench.TorchSetup;
import org.convlens.files.FileTrees;
import org.convlens.model.Network;
import org.convlens.pipeline.WeightsChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures ConvLens on this machine: a table of figures, then one JSON line. With a Python that has torch, PyTorch
 * runs the same ResNet50V2 on the same weights in the same invocation, alternating with ours.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Measure engine start, model build and load, forward passes, on-demand layers, views, batch "
        + "throughput, memory and a soak; compare the forward with PyTorch when a Python with torch is there. "
        + "Progress on stderr; the table and, as the last line, a JSON object on stdout.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--weights", paramLabel = "FILE",
      description = "ResNet50V2 weights (.h5, Keras's layout). Default: seeded random weights, not ImageNet's.")
  Path weights;

  @Option(names = "--untrained", description = "Seeded random weights (the default without --weights).")
  boolean untrained;

  @Option(names = "--quick", description = "Fewer repetitions: a few minutes on two cores.")
  boolean quick;

  @Option(names = "--smoke", hidden = true, description = "Each step once or twice (for tests of the output).")
  boolean smoke;

  @Option(names = "--image", paramLabel = "FILE", description = "The image to open (default: the sample cat).")
  Path image;

  @Option(names = "--python", paramLabel = "PATH",
      description = "The Python with torch and h5py for the comparison (default: /usr/bin/python3, then python3).")
  String python;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  private final CliContext context;

  BenchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (untrained && weights != null) {
      throw new IllegalArgumentException("--weights and --untrained exclude each other: choose one");
    }
    BenchSettings settings = smoke ? BenchSettings.smoke() : quick ? BenchSettings.quick() : BenchSettings.full();
    Path work = Files.createTempDirectory("convlens-bench-");
    try {
      Path picture = image != null ? image : sampleCat(work);
      List<String> pythons = python != null ? List.of(python) : TorchSetup.DEFAULT_PYTHONS;
      context.err().println("Looking for a Python with torch (" + String.join(", ", pythons) + ")...");
      long seed = WeightsChoice.DEFAULT_SEED;
      TorchSetup torch = TorchSetup.prepare(pythons, work, weights, seed);
      Network network = context.network(torch.weightsFile() != null ? new WeightsChoice.File(torch.weightsFile())
          : new WeightsChoice.Untrained(seed));
      Benchmark.Inputs inputs = new Benchmark.Inputs(network, torch.describe(network, seed), picture, work, torch);
      String report = new Benchmark(settings, context.err()).run(inputs).render();
      context.out().print(report);
      context.out().flush();
      return 0;
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private static Path sampleCat(Path work) throws java.io.IOException {
    Path file = work.resolve("chelsea.png");
    try (InputStream in = BenchCommand.class.getResourceAsStream("/org/convlens/ui/samples/chelsea.png")) {
      if (in == null) {
        throw new java.io.IOException("the sample cat is missing from the jar; give an image with --image FILE");
      }
      Files.copy(in, file);
    }
    return file;
  }
}
