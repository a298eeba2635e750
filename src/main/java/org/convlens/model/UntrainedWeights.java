package org.convlens.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.tensor.Tensor;

/**
 * Seeded random weights for any layer graph, for people without the ImageNet file and for comparing trained
 * with untrained filters. Convolutions are He-normal; batch norm starts as the identity. The last convolution
 * of each residual branch ({@code *_3_conv}) is scaled down so that the residual stream, which batch norm with
 * identity statistics never re-normalises, does not grow by orders of magnitude over sixteen blocks.
 */
public final class UntrainedWeights {
  static final double RESIDUAL_SCALE = 0.35;

  private UntrainedWeights() {}

  public static Map<String, List<Tensor>> generate(LayerGraph graph, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    Map<String, List<Tensor>> weights = new LinkedHashMap<>();
    for (String layer : graph.weightedLayers()) {
      // One stream per layer in graph order: the same seed gives the same weights on every machine.
      SplittableRandom random = root.split();
      List<Tensor> tensors = new ArrayList<>();
      for (WeightSpec spec : graph.weightSpecs(layer)) {
        tensors.add(Tensor.of(values(layer, spec, graph.layer(layer).config(), random), spec.shape()));
      }
      weights.put(layer, tensors);
    }
    return weights;
  }

  private static float[] values(String layer, WeightSpec spec, LayerConfig config, SplittableRandom random) {
    float[] v = new float[Math.toIntExact(spec.size())];
    int[] s = spec.shape();
    switch (spec.name()) {
      case "kernel" -> {
        int fanIn = config instanceof CoreLayers.Dense ? s[0] : s[0] * s[1] * s[2];
        double std = config instanceof CoreLayers.Dense
            ? 1.0 / Math.sqrt(fanIn)
            : Math.sqrt(2.0 / fanIn) * (layer.endsWith("_3_conv") ? RESIDUAL_SCALE : 1.0);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (random.nextGaussian() * std);
        }
      }
      case "pointwise_kernel" -> {
        double std = Math.sqrt(2.0 / s[2]);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (random.nextGaussian() * std);
        }
      }
      case "depthwise_kernel" -> {
        double std = Math.sqrt(2.0 / (s[0] * s[1]));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (random.nextGaussian() * std);
        }
      }
      case "gamma", "moving_variance", "variance" -> java.util.Arrays.fill(v, 1f);
      case "bias", "beta", "moving_mean", "mean", "count", "alpha" -> { } // zeros (PReLU starts as ReLU, as in Keras)
      default -> throw new IllegalArgumentException("no initialiser for weight '" + spec.name() + "' of " + layer);
    }
    return v;
  }
}
