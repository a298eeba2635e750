package org.convlens.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.convlens.image.Preprocessing;
import org.convlens.model.LayerGraph;
import org.convlens.model.NetworkStage;
import org.convlens.model.weights.KnownWeights;

/**
 * A built-in model: a Keras application the app builds itself (or the MobileNet inside the app), with what it
 * takes to show it: its input, preprocessing, stages, classification layer and where its weights come from.
 *
 * @param id the command-line name, e.g. {@code vgg16}
 * @param displayName how people know it, e.g. {@code VGG16}
 * @param kerasName the model's name in Keras ({@code model.name}), which its graph carries
 * @param inputSize height and width of the input image
 * @param preprocessing what its {@code preprocess_input} does
 * @param stages the layers shown as Feature maps tabs, in order
 * @param predictionsLayer the classifier's output layer (absent from the graph without the head)
 * @param builder the graph, with ({@code true}) or without the 1000-class head
 * @param weights its published ImageNet weights; null for a model whose weights ship inside the app
 * @param downloadSize the size of the weights file with the head, for a Download button ("103 MB"); null
 *     when there is nothing to download
 * @param weightsBuilder the graph for its weights file when Keras builds another one for {@code weights="imagenet"}
 *     than for {@code weights=None} (EfficientNet's {@code rescaling_1}); null when it is the same
 */
public record Application(
    String id,
    String displayName,
    String kerasName,
    int inputSize,
    Preprocessing preprocessing,
    List<NetworkStage> stages,
    String predictionsLayer,
    Function<Boolean, LayerGraph> builder,
    KnownWeights weights,
    String downloadSize,
    Function<Boolean, LayerGraph> weightsBuilder) {

  /** A model whose weights file needs no other graph than its untrained one. */
  public Application(String id, String displayName, String kerasName, int inputSize, Preprocessing preprocessing,
      List<NetworkStage> stages, String predictionsLayer, Function<Boolean, LayerGraph> builder, KnownWeights weights,
      String downloadSize) {
    this(id, displayName, kerasName, inputSize, preprocessing, stages, predictionsLayer, builder, weights,
        downloadSize, null);
  }

  public Application {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(builder, "builder");
    stages = List.copyOf(stages);
  }

  /** The graph with ({@code includeTop}) or without the 1000-class head. */
  public LayerGraph graph(boolean includeTop) {
    return builder.apply(includeTop);
  }

  /** The graph its weights file binds to, which for most models is {@link #graph(boolean)}'s. */
  public LayerGraph weightsGraph(boolean includeTop) {
    return (weightsBuilder != null ? weightsBuilder : builder).apply(includeTop);
  }

  /** Whether its weights ship inside the app, so they are always found and never downloaded. */
  public boolean bundled() {
    return weights == null;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
