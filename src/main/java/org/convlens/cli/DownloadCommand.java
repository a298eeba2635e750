package org.convlens.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.convlens.model.weights.CancellationToken;
import org.convlens.model.weights.KnownWeights;
import org.convlens.model.weights.WeightsDownloader;
import org.convlens.model.weights.WeightsFile;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Downloads a built-in model's official weights into Keras's cache folder (where Keras itself and ConvLens look),
 * checking the checksum Keras publishes; Ctrl+C leaves nothing half-written behind.
 */
@Command(name = "download", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Download a built-in model's ImageNet weights (ResNet50V2's: 103 MB; 95 MB with --notop) into "
        + "~/.keras/models/.")
final class DownloadCommand implements Callable<Integer> {
  /** The built-in models with weights to download, for the help text. */
  static final class DownloadableNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Applications.all().stream().filter(a -> !a.bundled()).map(Application::id).iterator();
    }
  }

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "resnet50v2",
      completionCandidates = DownloadableNames.class,
      description = "Whose weights: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--notop", description = "The file without the classification head (no predictions).")
  boolean notop;

  private final CliContext context;

  DownloadCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Application app = Applications.named(model).orElseThrow(() -> new IllegalArgumentException("--model "
        + model + " is not a built-in model; give one of " + Applications.ids()));
    if (app.bundled()) {
      throw new IllegalArgumentException(app.id() + "'s weights ship inside ConvLens: there is nothing to "
          + "download (use --model " + app.id() + ")");
    }
    KnownWeights weights = app.weights();
    WeightsFile file = weights.files().stream().filter(f -> f.includesTop() != notop).findFirst().orElseThrow();
    CancellationToken cancel = new CancellationToken();
    Thread hook = new Thread(cancel::cancel, "convlens-download-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      long[] lastPercent = {-1};
      Path path = new WeightsDownloader(context.downloads()).download(weights, file, (done, total) -> {
        long percent = total > 0 ? 100 * done / total : -1;
        if (percent != lastPercent[0] && (percent % 10 == 0 || percent < 0)) {
          lastPercent[0] = percent;
          context.err().println(percent >= 0 ? "downloaded " + percent + "%" : "downloaded " + done / 1_000_000 + " MB");
          context.err().flush();
        }
      }, cancel);
      context.out().println(path);
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting (Ctrl+C): the hook has done its job.
      }
    }
  }
}
