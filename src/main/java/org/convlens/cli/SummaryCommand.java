package org.convlens.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the model's layer table, like Keras's {@code model.summary()}. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the model's layers (nested ones by path, outer/inner), output "
    + "shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print JSON (total_params, trainable_params, non_trainable_params, and "
      + "layers with name, class_name, output_shape, params) instead of a table.")
  boolean json;

  private final CliContext context;

  SummaryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Network network = context.network(model.choice());
    ModelSummary summary = ModelSummary.of(network);
    if (json) {
      JsonObject root = summary.toJson();
      root.addProperty("weights", network.origin().description());
      context.out().println(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
          .toJson(root));
      return 0;
    }
    context.out().print(summary.toText());
    context.out().println("Weights: " + network.origin().description());
    return 0;
  }
}
