package org.convlens.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/**
 * Pairs the pre- and post-processing of one forward pass: our input tensor into an NDArray, and back only the
 * requested outputs (copied into Java memory, batch dimension dropped). The outputs of a TensorFlow SavedModel
 * arrive named after their signature keys, which are the Keras layer names.
 */
final class ActivationsTranslator implements NoBatchifyTranslator<ActivationsTranslator.Request, Activations> {

  /** One image batch ({@code [1, h, w, c]}) and the layers wanted from it. */
  record Request(Tensor input, Set<String> layers) {}

  private static final String LAYERS = "layers";

  @Override
  public NDList processInput(TranslatorContext ctx, Request request) {
    ctx.setAttachment(LAYERS, request.layers());
    long[] shape = new long[request.input().rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = request.input().dim(i);
    }
    NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(request.input().data()), new Shape(shape));
    array.setName(SavedModelExporter.INPUT_KEY);
    return new NDList(array);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Activations processOutput(TranslatorContext ctx, NDList outputs) {
    Set<String> wanted = (Set<String>) ctx.getAttachment(LAYERS);
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (NDArray array : outputs) {
      if (wanted.contains(array.getName())) {
        long[] shape = array.getShape().getShape();
        int[] withoutBatch = new int[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
          withoutBatch[i - 1] = Math.toIntExact(shape[i]);
        }
        byName.put(array.getName(), Tensor.of(array.toFloatArray(), withoutBatch));
      }
    }
    // Keep the caller's order, not the signature's alphabetical one.
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    for (String layer : wanted) {
      ordered.put(layer, byName.get(layer));
    }
    return new Activations(ordered);
  }
}
