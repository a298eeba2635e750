package org.convlens.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;

/** Several single-image inputs as one batch, and a batch's outputs back as one set of activations per image. */
final class BatchTensors {
  private BatchTensors() {}

  /** Inputs of one shape ({@code [1, h, w, c]} each) stacked along the first axis: {@code [n, h, w, c]}. */
  static Tensor stack(List<Tensor> inputs) {
    int[] sample = inputs.get(0).shape();
    int size = inputs.get(0).size();
    float[] data = new float[Math.multiplyExact(size, inputs.size())];
    for (int i = 0; i < inputs.size(); i++) {
      Tensor input = inputs.get(i);
      if (!Arrays.equals(input.shape(), sample)) {
        throw new IllegalArgumentException("a batch needs inputs of one shape: " + Tensor.formatShape(sample)
            + " and " + Tensor.formatShape(input.shape()));
      }
      System.arraycopy(input.data(), 0, data, i * size, size);
    }
    int[] shape = sample.clone();
    shape[0] = Math.multiplyExact(shape[0], inputs.size());
    return Tensor.of(data, shape);
  }

  /** Each layer's {@code [n, ...]} tensor cut into {@code n} tensors {@code [...]}, one set per image. */
  static List<Activations> split(Activations batch, int n) {
    List<Map<String, Tensor>> perImage = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perImage.add(new LinkedHashMap<>());
    }
    for (String layer : batch.names()) {
      Tensor all = batch.get(layer);
      if (all.dim(0) != n) {
        throw new IllegalStateException("layer '" + layer + "' came back with " + all.dim(0) + " samples, not " + n);
      }
      int[] shape = Arrays.copyOfRange(all.shape(), 1, all.rank());
      int size = all.size() / n;
      for (int i = 0; i < n; i++) {
        perImage.get(i).put(layer, Tensor.of(Arrays.copyOfRange(all.data(), i * size, (i + 1) * size), shape));
      }
    }
    return perImage.stream().map(Activations::new).toList();
  }
}
