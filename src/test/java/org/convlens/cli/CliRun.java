package org.convlens.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestModels;

/** One run of the command line in this JVM: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
  /** Runs {@code args} with the tests' folders and a locator over an empty folder (nothing found unless named). */
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    WeightsLocator locator = new WeightsLocator(List.of(TestModels.newFolder("no-weights")));
    int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), TestModels.dirs(), locator);
    return new CliRun(code, out.toString(), err.toString());
  }
}
