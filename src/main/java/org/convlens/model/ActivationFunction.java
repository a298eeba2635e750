package org.convlens.model;

/**
 * The element-wise activations Keras ships, usable by an {@code Activation} layer and fused into convolutions and
 * Dense layers. {@code hard_sigmoid} changed between Keras versions, so both definitions are here.
 */
public enum ActivationFunction {
  LINEAR("linear"),
  RELU("relu"),
  RELU6("relu6"),
  SIGMOID("sigmoid"),
  /** Keras 3: {@code relu6(x + 3) / 6}. */
  HARD_SIGMOID("hard_sigmoid"),
  /** Keras 2 (tf.keras up to 2.15): {@code clip(0.2 x + 0.5, 0, 1)}. */
  HARD_SIGMOID_KERAS2("hard_sigmoid"),
  TANH("tanh"),
  /** Softmax over the last axis. */
  SOFTMAX("softmax"),
  /** {@code x * sigmoid(x)}, also called silu. */
  SWISH("swish"),
  /** {@code x * relu6(x + 3) / 6}, also called hard_silu. */
  HARD_SWISH("hard_swish"),
  /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}: Keras's default. */
  GELU("gelu"),
  /** GELU's tanh approximation ({@code approximate=True}). */
  GELU_APPROXIMATE("gelu"),
  /** {@code alpha = 1}. */
  ELU("elu"),
  SELU("selu"),
  SOFTPLUS("softplus"),
  SOFTSIGN("softsign"),
  EXPONENTIAL("exponential");

  private final String kerasName;

  ActivationFunction(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The name Keras writes in a layer's config. */
  public String kerasName() {
    return kerasName;
  }
}
