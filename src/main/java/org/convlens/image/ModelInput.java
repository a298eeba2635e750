package org.convlens.image;

import java.util.Objects;
import org.convlens.tensor.Tensor;

/**
 * What a model is given for one picture: the resized image it actually sees, kept for display next to its
 * activations, and the preprocessed input tensor made from exactly those pixels.
 *
 * @param image the picture at the model's input size
 * @param tensor {@code [1, height, width, 3]}, channels last, scaled for the model
 * @param mode how the pixels were scaled, which exports record
 */
public record ModelInput(RgbImage image, Tensor tensor, Preprocessing mode) {

  public ModelInput {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(mode, "mode");
  }

  /** {@link #prepare(RgbImage, int, int, Preprocessing)} for a square input. */
  public static ModelInput prepare(RgbImage original, int size, Preprocessing mode) {
    return prepare(original, size, size, mode);
  }

  /**
   * Squashes {@code original} to {@code width x height} (as Keras's {@code load_img(target_size=(height, width))}
   * does, without keeping the aspect ratio) with Pillow-compatible bilinear resampling, then preprocesses it.
   */
  public static ModelInput prepare(RgbImage original, int height, int width, Preprocessing mode) {
    Objects.requireNonNull(mode, "mode");
    RgbImage resized = Resizer.resize(original, width, height);
    return new ModelInput(resized, mode.toTensor(resized), mode);
  }
}
