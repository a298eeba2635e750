package org.convlens.model;

import java.util.List;

/**
 * What a layer computes, in Keras's terms: the one contract every layer kind fulfils. The kinds live in their
 * families ({@link Convolutions}, {@link Normalizations}, {@link ActivationLayers}, {@link Merges},
 * {@link Pooling}, {@link Reshaping}, {@link CoreLayers}, {@link PreprocessingLayers},
 * {@link ApplicationLayers}), one record per Keras class. Each knows its output shape and the weights it expects,
 * both from its input shapes (channels-last, batch dimension dropped), so a graph can be checked against a weights
 * file before anything runs. Only the graph's {@link Input} lives here: every graph starts with it.
 */
public sealed interface LayerConfig
    permits LayerConfig.Input, Convolutions, Normalizations, ActivationLayers, Merges, Pooling, Reshaping,
        CoreLayers, PreprocessingLayers, ApplicationLayers, SignatureOutput {

  /** The Keras class name, as {@code model.summary()} prints it. */
  String kerasType();

  /** Output shape for the given input shapes. */
  int[] outputShape(List<int[]> inputs);

  /** Weights in Keras's order within the layer; empty for weightless layers. */
  default List<WeightSpec> weightSpecs(List<int[]> inputs) {
    return List.of();
  }

  /** The graph's input: an image of {@code height x width x channels}. */
  record Input(int height, int width, int channels) implements LayerConfig {
    public String kerasType() {
      return "InputLayer";
    }

    public int[] outputShape(List<int[]> inputs) {
      return new int[] {height, width, channels};
    }
  }

  /** Keras's two padding modes for convolutions and pooling. */
  enum Padding {
    VALID,
    SAME;

    /** Output length along one axis for a window of {@code kernel} (already dilated) moved by {@code stride}. */
    public int outputSize(int in, int kernel, int stride) {
      int out = this == VALID ? Math.floorDiv(in - kernel, stride) + 1 : (in + stride - 1) / stride;
      if (out < 1) {
        throw new IllegalArgumentException("a window of " + kernel + " does not fit in " + in + " (padding valid)");
      }
      return out;
    }
  }
}
