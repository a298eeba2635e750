package org.convlens.image;

import java.util.Objects;
import org.convlens.tensor.Tensor;

/**
 * What a model is given for one picture: the resized image it actually sees, kept for display next to its
 * activations, and the preprocessed input tensor made from exactly those pixels.
 *
 * @param image the picture at the model's input size
 * @param tensor {@code [1, size, size, 3]}, channels last, scaled for the model
 */
public record ModelInput(RgbImage image, Tensor tensor) {

  public ModelInput {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(tensor, "tensor");
  }

  /**
   * Squashes {@code original} to {@code size x size} (as Keras's {@code load_img(target_size=...)} does,
   * without keeping the aspect ratio) with Pillow-compatible bilinear resampling, then preprocesses it.
   */
  public static ModelInput prepare(RgbImage original, int size, Preprocessing mode) {
    Objects.requireNonNull(mode, "mode");
    RgbImage resized = Resizer.resize(original, size, size);
    return new ModelInput(resized, mode.toTensor(resized));
  }
}
