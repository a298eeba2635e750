package org.convlens.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.convlens.model.Network;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Writes a {@link Network} as a TensorFlow SavedModel, the weights as variables in its checkpoint, with two
 * signatures: {@link #DEFAULT_SIGNATURE}, whose outputs are the layers shown by default, and {@link
 * #ALL_LAYERS_SIGNATURE}, whose outputs are every layer: it is never run as a whole, only read as the map from
 * layer name to tensor name, so a run can fetch just the layers asked for. Output keys are the Keras layer names,
 * which is how DJL names the arrays it returns.
 */
final class SavedModelExporter {
  static final String DEFAULT_SIGNATURE = "serving_default";
  static final String ALL_LAYERS_SIGNATURE = "all_layers";
  static final String INPUT_KEY = "input";

  private SavedModelExporter() {}

  static void export(Network network, Iterable<String> defaultLayers, Path dir) throws IOException {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableWeights weights = new VariableWeights();
      Map<String, Operand<TFloat32>> outputs = TfGraphBuilder.build(tf, network, weights);
      Operand<TFloat32> input = outputs.get(network.graph().input().name());

      Signature.Builder defaults = Signature.builder().key(DEFAULT_SIGNATURE).input(INPUT_KEY, input);
      defaultLayers.forEach(layer -> defaults.output(layer, outputs.get(layer)));
      Signature.Builder all = Signature.builder().key(ALL_LAYERS_SIGNATURE).input(INPUT_KEY, input);
      outputs.forEach((layer, op) -> {
        if (op != input) {
          all.output(layer, op);
        }
      });
      weights.assign(tf, session);
      SavedModelBundle.exporter(dir.toString())
          .withSession(session)
          .withSignatures(defaults.build(), all.build())
          .export();
    }
  }
}
