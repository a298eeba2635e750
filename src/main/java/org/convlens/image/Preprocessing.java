package org.convlens.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
  TORCH(false, 255f, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
  /** RGB scaled to [0, 1] by {@code x / 255}: what many hand-made models were trained on. */
  UNIT(false, 255f, new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}),
  /** RGB 0..255 as floats: for models that scale inside (EfficientNet, ConvNeXt, MobileNetV3 ...). */
  RAW(false, 1f, new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

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

  /** The mode's name as Keras and the command line spell it: {@code tf}, {@code caffe}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Keras's mode for a model, from its name or, for a fine-tuned model that holds a Keras application as a
   * nested model ({@code sequential} around {@code mobilenet_1.00_224/...}), from its nested models' names;
   * {@link #TF} when no name is a known application. The first known name wins.
   *
   * @param layerNames the model's layers; nested ones are paths such as {@code outer/inner}
   */
  public static Preprocessing forModel(String modelName, List<String> layerNames) {
    return application(modelName, layerNames).flatMap(Preprocessing::forApplication).orElse(TF);
  }

  /**
   * The Keras application {@link #forModel} takes its mode from: the model's name or a nested model's, the
   * first that {@link #forApplication} knows; empty when none is known.
   */
  public static Optional<String> application(String modelName, List<String> layerNames) {
    List<String> names = new ArrayList<>();
    names.add(modelName);
    for (String layer : layerNames) {
      int slash = layer.indexOf('/');
      if (slash > 0) {
        names.add(layer.substring(0, slash));
      }
    }
    return names.stream().filter(n -> forApplication(n).isPresent()).findFirst();
  }

  /**
   * The mode Keras's {@code keras.applications} use for the model named {@code name} (the default model names
   * such as {@code resnet50}, {@code densenet121}, {@code efficientnetb0}, {@code mobilenet_1.00_224}), empty
   * for a name that is not an application's. The applications whose {@code preprocess_input} does nothing
   * because the model scales its own input get {@link #RAW}.
   */
  public static Optional<Preprocessing> forApplication(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (n.matches("resnet(50|101|152)|vgg(16|19)")) {
      return Optional.of(CAFFE);
    }
    if (n.startsWith("densenet")) {
      return Optional.of(TORCH);
    }
    // Scaled inside the model: Rescaling/Normalization layers come first.
    if (n.startsWith("efficientnet") || n.startsWith("convnext") || n.startsWith("mobilenetv3")
        || n.startsWith("regnet") || n.startsWith("resnet-rs") || n.startsWith("resnetrs")) {
      return Optional.of(RAW);
    }
    if (n.matches("resnet\\d+v2") || n.startsWith("mobilenet") || n.startsWith("inception")
        || n.equals("xception") || n.startsWith("nasnet")) {
      return Optional.of(TF);
    }
    return Optional.empty();
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
