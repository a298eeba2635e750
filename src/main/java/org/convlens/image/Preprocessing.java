package org.convlens.image;

import org.convlens.tensor.Tensor;

/**
 * How a model wants its input pixels scaled: the {@code mode} argument of Keras's
 * {@code imagenet_utils.preprocess_input}. Each mode is computed in float32 in the same order of operations
 * as Keras, so the tensors agree bit for bit.
 */
public enum Preprocessing {
  /** Keras "tf" (ResNetV2, MobileNet, Inception): RGB scaled to [-1, 1] by {@code x / 127.5 - 1}. */
  TF(false, 127.5f, new float[] {1f, 1f, 1f}, new float[] {1f, 1f, 1f}),
  /** Keras "caffe" (ResNet50 v1, VGG): BGR, the ImageNet mean subtracted, no scaling. */
  CAFFE(true, 1f, new float[] {103.939f, 116.779f, 123.68f}, new float[] {1f, 1f, 1f}),
  /** Keras "torch" (DenseNet): RGB {@code x / 255}, minus the ImageNet mean, over its standard deviation. */
  TORCH(false, 255f, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  private final boolean bgr;
  private final float divisor;
  private final float[] mean;
  private final float[] std;

  Preprocessing(boolean bgr, float divisor, float[] mean, float[] std) {
    this.bgr = bgr;
    this.divisor = divisor;
    this.mean = mean;
    this.std = std;
  }

  /** Whether the tensor's channels are blue, green, red (else red, green, blue). */
  public boolean bgr() {
    return bgr;
  }

  /**
   * The model's value for one 0..255 pixel value in tensor channel {@code channel} (0..2, in this mode's
   * channel order): {@code (value / divisor - mean) / std}.
   */
  public float normalise(float value, int channel) {
    return (value / divisor - mean[channel]) / std[channel];
  }

  /** The image as a {@code [1, height, width, 3]} channels-last tensor, as Keras models take it. */
  public Tensor toTensor(RgbImage image) {
    int[] pixels = image.pixels();
    float[] data = new float[Math.multiplyExact(pixels.length, 3)];
    // Per channel, a table of the 256 possible results: exact, and cheaper than dividing per pixel.
    float[][] table = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = normalise(v, c);
      }
    }
    int first = bgr ? 0 : 16;
    int last = bgr ? 16 : 0;
    for (int i = 0, o = 0; i < pixels.length; i++, o += 3) {
      int p = pixels[i];
      data[o] = table[0][(p >> first) & 0xFF];
      data[o + 1] = table[1][(p >> 8) & 0xFF];
      data[o + 2] = table[2][(p >> last) & 0xFF];
    }
    return Tensor.of(data, 1, image.height(), image.width(), 3);
  }
}
