package org.convlens.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Pairs the pre- and post-processing of one forward pass: our input tensor into an NDArray, and back only the
 * requested outputs (copied into Java memory, a batch dimension of 1 dropped). The outputs of a TensorFlow SavedModel
 * arrive named after their signature keys, which are the Keras layer names.
 */
final class ActivationsTranslator implements NoBatchifyTranslator<ActivationsTranslator.Request, Activations> {

  /** One image batch ({@code [1, h, w, c]}) and the layers wanted from it. */
  record Request(Tensor input, Set<String> layers) {}

  private static final String LAYERS = "layers";
  private final String inputKey;

  /** @param inputKey the signature's name of the image input */
  ActivationsTranslator(String inputKey) {
    this.inputKey = inputKey;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Request request) {
    ctx.setAttachment(LAYERS, request.layers());
    return toInput(ctx.getNDManager(), request.input(), inputKey);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Activations processOutput(TranslatorContext ctx, NDList outputs) {
    return toActivations(outputs, (Set<String>) ctx.getAttachment(LAYERS));
  }

  /** The input tensor as the model's one input, named {@code key}, owned by {@code manager}. */
  static NDList toInput(NDManager manager, Tensor input, String key) {
    long[] shape = new long[input.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = input.dim(i);
    }
    NDArray array = manager.create(FloatBuffer.wrap(input.data()), new Shape(shape));
    array.setName(key);
    return new NDList(array);
  }

  /**
   * The array's values in one bulk copy out of TensorFlow's buffer ({@code NDArray.toFloatArray} copies twice,
   * through a heap {@code ByteBuffer}).
   */
  static float[] copy(NDArray array) {
    TF_Tensor tensor = JavacppUtils.resolveTFETensor(((TfNDArray) array).getHandle());
    try {
      return LayerFetcher.values(tensor);
    } finally {
      tensor.close();
    }
  }

  /** Copies the {@code wanted} outputs into Java memory, in the caller's order, a batch dimension of 1 dropped. */
  static Activations toActivations(NDList outputs, Set<String> wanted) {
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (NDArray array : outputs) {
      if (wanted.contains(array.getName())) {
        long[] shape = array.getShape().getShape();
        // One image drops its batch dimension of 1; a batch keeps it (ModelService.runBatch splits it).
        int drop = shape[0] == 1 ? 1 : 0;
        int[] kept = new int[shape.length - drop];
        for (int i = drop; i < shape.length; i++) {
          kept[i - drop] = Math.toIntExact(shape[i]);
        }
        byName.put(array.getName(), Tensor.of(copy(array), kept));
      }
    }
    // Keep the caller's order, not the signature's alphabetical one.
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    for (String layer : wanted) {
      Tensor tensor = byName.get(layer);
      if (tensor == null) {
        throw new IllegalStateException("the model returned no output named '" + layer + "'");
      }
      ordered.put(layer, tensor);
    }
    return new Activations(ordered);
  }
}
