package org.convlens.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.convlens.image.ModelInput;
import org.convlens.image.RgbImage;
import org.convlens.model.Prediction;
import org.convlens.model.WeightsOrigin;
import org.convlens.tensor.Activations;

/**
 * Everything the network did with one image: the image as loaded, the 224x224 view the model received, the
 * requested activations, the top predictions (empty without the head), the weights used and the time taken.
 */
public record Analysis(
    Path source,
    RgbImage original,
    ModelInput input,
    Activations activations,
    List<Prediction> predictions,
    WeightsOrigin weights,
    long inferenceMillis) {}
