package org.convlens.cli;

import org.convlens.image.Preprocessing;
import picocli.CommandLine.Option;

/** How images are scaled for the model, for the commands that give it images. */
final class PreprocessOption {
  @Option(names = "--preprocess", paramLabel = "MODE",
      description = "How pixels are scaled, as Keras's preprocess_input modes: tf (x/127.5-1), caffe (BGR minus "
          + "the ImageNet mean), torch (x/255, ImageNet mean and std), unit (x/255) or raw (0-255). Default: "
          + "Keras's mode when the model is (or holds) a Keras application, such as resnet50 or densenet121; "
          + "else tf.")
  Preprocessing mode;
}
