package org.convlens.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convlens.image.ImageLoadException;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.inference.InferenceException;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.LayerConfig;
import org.convlens.model.Prediction;
import org.convlens.model.ResNet50V2;
import org.convlens.tensor.Activations;

/** The pipeline for one image, left to right: decode, preprocess, run, name the classes. */
public final class Analyzer {
  public static final int TOP_K = 5;

  private final ModelService model;
  private final ImageLoader images;
  private final ImageNetClasses classes;

  public Analyzer(ModelService model, ImageLoader images, ImageNetClasses classes) {
    this.model = model;
    this.images = images;
    this.classes = classes;
  }

  public ModelService model() {
    return model;
  }

  /**
   * Resizes and preprocesses a loaded image for the model (Keras's "tf" mode, which ResNet50V2 and MobileNet
   * use), without running it.
   */
  public ModelInput prepare(RgbImage original) {
    LayerConfig.Input input = (LayerConfig.Input) model.network().graph().input().config();
    if (input.height() != input.width()) {
      throw new IllegalArgumentException("the model wants " + input.height() + "x" + input.width()
          + " images; only square inputs are supported");
    }
    return ModelInput.prepare(original, input.height(), Preprocessing.TF);
  }

  /** Analyses the image file with the default layers plus {@code extraLayers}. */
  public Analysis analyze(Path image, List<String> extraLayers)
      throws ImageLoadException, InferenceException, ModelLoadException {
    RgbImage original = images.load(image);
    ModelInput input = prepare(original);
    List<String> layers = new ArrayList<>(model.defaultLayers());
    extraLayers.stream().filter(l -> !layers.contains(l)).forEach(layers::add);
    long start = System.nanoTime();
    Activations activations = model.run(input.tensor(), layers);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Analysis(image, original, input, activations, predictions(activations),
        model.network().origin(), millis);
  }

  /** Activations of other layers for an image already prepared (the app's on-demand layer view). */
  public Activations layers(ModelInput input, List<String> layers) throws InferenceException, ModelLoadException {
    return model.run(input.tensor(), layers);
  }

  private List<Prediction> predictions(Activations activations) {
    return activations.has(ResNet50V2.PREDICTIONS)
        ? classes.top(activations.get(ResNet50V2.PREDICTIONS), TOP_K)
        : List.of();
  }
}
