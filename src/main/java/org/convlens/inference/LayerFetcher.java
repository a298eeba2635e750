package org.convlens.inference;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_Dim;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorElementCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorType;

import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Runs the loaded SavedModel's session for exactly the layers asked for, fetched by tensor name through the bundle
 * DJL already holds: TensorFlow runs only the part of the graph they need. The all-layers signature is only read
 * for its map from layer name to tensor name, never loaded as a block: that cost 1.75 s on first use and made
 * TensorFlow prepare the whole graph with every layer as an output.
 */
final class LayerFetcher {
  private final TF_Session session;
  private final TF_Graph graph;
  private final String input;
  private final Map<String, String> tensors = new LinkedHashMap<>();

  LayerFetcher(SavedModelBundle bundle, SignatureDef allLayers) {
    this.session = bundle.getSession();
    this.graph = bundle.getGraph();
    this.input = allLayers.getInputsMap().get(SavedModelExporter.INPUT_KEY).getName();
    for (Map.Entry<String, TensorInfo> output : allLayers.getOutputsMap().entrySet()) {
      tensors.put(output.getKey(), output.getValue().getName());
    }
  }

  /** The loaded graph's tensor name (op:index) of {@code layer}'s output, or null when the model has no such output. */
  String tensorName(String layer) {
    return tensors.get(layer);
  }

  /** The tensor name of the input placeholder. */
  String inputName() {
    return input;
  }

  /** One forward pass over {@code input} ({@code [n, h, w, c]}) returning {@code layers} (see {@link #withoutBatch}). */
  Activations run(Tensor input, Collection<String> layers) {
    List<String> wanted = List.copyOf(layers);
    TF_Operation[] ops = new TF_Operation[wanted.size()];
    int[] indices = new int[wanted.size()];
    for (int i = 0; i < ops.length; i++) {
      String name = tensors.get(wanted.get(i));
      if (name == null) {
        throw new IllegalStateException("the model has no output named '" + wanted.get(i) + "'");
      }
      Pair<TF_Operation, Integer> op = JavacppUtils.getGraphOperationByName(graph, name);
      ops[i] = op.getKey();
      indices[i] = op.getValue();
    }
    Pair<TF_Operation, Integer> in = JavacppUtils.getGraphOperationByName(graph, this.input);
    TF_Tensor[] outputs;
    try (TF_Tensor x = toTensor(input)) {
      outputs = JavacppUtils.runSession(session, null, new TF_Tensor[] {x}, new TF_Operation[] {in.getKey()},
          new int[] {in.getValue()}, ops, indices, new TF_Operation[0]);
    }
    Map<String, Tensor> result = new LinkedHashMap<>();
    try {
      for (int i = 0; i < outputs.length; i++) {
        result.put(wanted.get(i), withoutBatch(outputs[i]));
      }
    } finally {
      for (TF_Tensor t : outputs) {
        t.close();
      }
    }
    return new Activations(result);
  }

  static TF_Tensor toTensor(Tensor input) {
    long[] dims = new long[input.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = input.dim(i);
    }
    float[] data = input.data();
    TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_FLOAT, dims, (long) data.length * Float.BYTES);
    new FloatPointer(TF_TensorData(t)).capacity(data.length).put(data);
    return t;
  }

  /**
   * The output as a tensor in Java memory; one image drops its batch dimension of 1, a batch keeps it
   * ({@link ModelService#runBatch} splits it), as {@link ActivationsTranslator#toActivations} does.
   */
  private static Tensor withoutBatch(TF_Tensor t) {
    int drop = TF_Dim(t, 0) == 1 ? 1 : 0;
    int[] shape = new int[TF_NumDims(t) - drop];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = Math.toIntExact(TF_Dim(t, i + drop));
    }
    return Tensor.of(values(t), shape);
  }

  /** A float tensor's values: one bulk copy out of TensorFlow's buffer. */
  static float[] values(TF_Tensor t) {
    if (TF_TensorType(t) != TF_FLOAT) {
      throw new IllegalStateException("the model returned a tensor of type " + TF_TensorType(t) + ", not float");
    }
    float[] data = new float[Math.toIntExact(TF_TensorElementCount(t))];
    new FloatPointer(TF_TensorData(t)).capacity(data.length).get(data);
    return data;
  }
}
