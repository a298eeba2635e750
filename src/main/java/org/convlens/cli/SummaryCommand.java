package org.convlens.cli;

import java.util.concurrent.Callable;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the model's layer table, like Keras's {@code model.summary()}. */
@Command(name = "summary", description = "Print the model's layers, output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  private final CliContext context;

  SummaryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Network network = context.network(model.choice());
    context.out().print(ModelSummary.of(network.graph()).toText());
    context.out().println("Weights: " + network.origin().description());
    return 0;
  }
}
