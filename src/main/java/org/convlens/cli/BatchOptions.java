package org.convlens.cli;

import picocli.CommandLine.Option;

/** How {@code activations} and {@code export} go through many images. */
final class BatchOptions {
  /**
   * Images per forward pass by default. In both full {@code convlens bench} runs of docs/benchmarks/ (2 cores,
   * shared with other work) batch 4 gave the most images per second (16.6 against 15.9 at 1, 4.0 at 8 and 2.7 at
   * 16 in the recorded run; 11.0, 3.8, 9.1 and 2.0 in the other); 8 and 16 fell off for PyTorch too.
   */
  static final int DEFAULT_BATCH = 4;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}); the files are the same for any N.")
  int batchSize;

  @Option(names = "--recursive", description = "With a folder: its sub-folders' images too.")
  boolean recursive;

  @Option(names = "--progress",
      description = "Print [done/total] name, images per second and the time left on stderr after each image "
          + "(the default on an interactive terminal).")
  boolean progress;

  /** The run's options; progress also when the command runs in an interactive terminal. */
  BatchAnalysis.Options options(boolean failFast) {
    return new BatchAnalysis.Options(batchSize, failFast, progress || System.console() != null);
  }
}
