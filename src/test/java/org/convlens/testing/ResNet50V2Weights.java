package org.convlens.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.tensor.Tensor;

/**
 * Random weights with exactly the layer names, weight names and shapes of Keras's ResNet50V2 (with its
 * 1000-class head), for writing a realistic stand-in for {@code resnet50v2_weights_tf_dim_ordering_tf_kernels.h5}
 * with {@link KerasH5Writer}. Values are He-uniform kernels and near-identity batch norms, so activations stay
 * finite through the network; they mean nothing.
 *
 * <p>Layers follow Keras's construction order, weightless ones included; the three unnamed shortcut max-pools
 * get Keras's automatic names {@code max_pooling2d, max_pooling2d_1, max_pooling2d_2}.
 */
public final class ResNet50V2Weights {
  /** Keras reports 25,613,800 total parameters for ResNet50V2 with its top. */
  public static final long PARAMETER_COUNT = 25_613_800L;

  private final SplittableRandom random;
  private final List<KerasLayer> layers = new ArrayList<>();
  private int unnamedPools;

  private ResNet50V2Weights(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The layers in file order; the same seed gives the same values. */
  public static List<KerasLayer> layers(long seed) {
    ResNet50V2Weights builder = new ResNet50V2Weights(seed);
    builder.build();
    return List.copyOf(builder.layers);
  }

  private void build() {
    weightless("input_1");
    weightless("conv1_pad");
    conv("conv1_conv", 7, 3, 64, true);
    weightless("pool1_pad");
    weightless("pool1_pool");
    int channels = 64;
    channels = stack("conv2", channels, 64, 3, true);
    channels = stack("conv3", channels, 128, 4, true);
    channels = stack("conv4", channels, 256, 6, true);
    channels = stack("conv5", channels, 512, 3, false);
    batchNorm("post_bn", channels);
    weightless("post_relu");
    weightless("avg_pool");
    layers.add(new KerasLayer("predictions", List.of(
        weight("predictions", "kernel", heUniform(channels, channels, 1000)),
        weight("predictions", "bias", filled(0f, 1000)))));
  }

  private int stack(String name, int in, int filters, int blocks, boolean strideInLastBlock) {
    block(name + "_block1", in, filters, true, false);
    for (int i = 2; i < blocks; i++) {
      block(name + "_block" + i, 4 * filters, filters, false, false);
    }
    block(name + "_block" + blocks, 4 * filters, filters, false, strideInLastBlock);
    return 4 * filters;
  }

  private void block(String name, int in, int filters, boolean convShortcut, boolean strided) {
    batchNorm(name + "_preact_bn", in);
    weightless(name + "_preact_relu");
    if (convShortcut) {
      conv(name + "_0_conv", 1, in, 4 * filters, true);
    } else if (strided) {
      weightless(unnamedPools == 0 ? "max_pooling2d" : "max_pooling2d_" + unnamedPools);
      unnamedPools++;
    }
    conv(name + "_1_conv", 1, in, filters, false);
    batchNorm(name + "_1_bn", filters);
    weightless(name + "_1_relu");
    weightless(name + "_2_pad");
    conv(name + "_2_conv", 3, filters, filters, false);
    batchNorm(name + "_2_bn", filters);
    weightless(name + "_2_relu");
    conv(name + "_3_conv", 1, filters, 4 * filters, true);
    weightless(name + "_out");
  }

  private void weightless(String name) {
    layers.add(new KerasLayer(name, List.of()));
  }

  private void conv(String name, int size, int in, int out, boolean bias) {
    List<KerasWeight> weights = new ArrayList<>();
    weights.add(weight(name, "kernel", heUniform(size * size * in, size, size, in, out)));
    if (bias) {
      weights.add(weight(name, "bias", uniform(-0.01f, 0.01f, out)));
    }
    layers.add(new KerasLayer(name, weights));
  }

  private void batchNorm(String name, int channels) {
    layers.add(new KerasLayer(name, List.of(
        weight(name, "gamma", uniform(0.9f, 1.1f, channels)),
        weight(name, "beta", uniform(-0.05f, 0.05f, channels)),
        weight(name, "moving_mean", uniform(-0.05f, 0.05f, channels)),
        weight(name, "moving_variance", uniform(0.9f, 1.1f, channels)))));
  }

  private static KerasWeight weight(String layer, String variable, Tensor value) {
    return new KerasWeight(layer + "/" + variable + ":0", value);
  }

  private Tensor heUniform(int fanIn, int... shape) {
    float limit = (float) Math.sqrt(6.0 / fanIn);
    return uniform(-limit, limit, shape);
  }

  private Tensor uniform(float low, float high, int... shape) {
    float[] data = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return Tensor.of(data, shape);
  }

  private static Tensor filled(float value, int... shape) {
    float[] data = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    Arrays.fill(data, value);
    return Tensor.of(data, shape);
  }
}
