package org.convlens.explain;

import org.convlens.tensor.Tensor;

/**
 * What activation maximisation found for one channel.
 *
 * @param layer the layer
 * @param channel the channel
 * @param image the optimised input, {@code [h, w, c]}, in the model's input scale and channel order
 * @param objective the value it reaches (the channel's mean, or its centre unit)
 */
public record Maximized(String layer, int channel, Tensor image, float objective) {}
