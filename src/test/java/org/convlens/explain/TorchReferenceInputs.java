package org.convlens.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convlens.export.NpyWriter;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.tensor.Tensor;

/**
 * The model inputs the PyTorch reference in src/test/resources/explain-reference/ was run on: our own
 * preprocessing of the sample images, so both sides see the same numbers. {@link #main} wrote the committed
 * .npy files; {@link TorchReferenceExplainTest} checks that they are still what our preprocessing gives.
 */
final class TorchReferenceInputs {
  static final Path DIR = Path.of("src", "test", "resources", "explain-reference");
  static final String[] IMAGES = {"coffee", "chelsea"};

  private TorchReferenceInputs() {}

  /** {@code [1, 224, 224, 3]}, "tf" scaling, as the app prepares sample-images/NAME.png for MobileNet. */
  static Tensor prepare(String image) throws Exception {
    return ModelInput.prepare(new ImageLoader().load(Path.of("sample-images", image + ".png")), 224,
        Preprocessing.TF).tensor();
  }

  static Path inputFile(String image) {
    return DIR.resolve(image + "_input.npy");
  }

  /** Writes {@code IMAGE_input.npy} for every image; run from the project root. */
  public static void main(String[] args) throws Exception {
    Files.createDirectories(DIR);
    for (String image : IMAGES) {
      NpyWriter.write(inputFile(image), prepare(image));
      System.out.println("wrote " + inputFile(image));
    }
  }
}
