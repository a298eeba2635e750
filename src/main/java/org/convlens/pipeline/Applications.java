package org.convlens.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.convlens.image.Preprocessing;
import org.convlens.model.LayerGraph;
import org.convlens.model.NetworkStage;
import org.convlens.model.ResNet50V2;
import org.convlens.model.weights.KnownWeights;

/**
 * The built-in models, in the order the app and the command line list them. Adding one is one entry in
 * {@link #ALL}; everything else (the {@code --model} names, weights lookup and download, the model switcher)
 * follows from it.
 */
public final class Applications {
  /** Keras's ResNet50V2: the default model. */
  public static final Application RESNET50V2 = new Application("resnet50v2", "ResNet50V2", ResNet50V2.NAME,
      ResNet50V2.INPUT_SIZE, Preprocessing.TF, ResNet50V2.STAGES, ResNet50V2.PREDICTIONS, ResNet50V2::graph,
      KnownWeights.RESNET50_V2, "103 MB");

  /** The trained MobileNet v1 (alpha 0.25) inside the app ({@link BundledModel}): its weights are always there. */
  public static final Application MOBILENET = new Application("mobilenet", BundledModel.NAME,
      BundledModel.KERAS_NAME, 224, Preprocessing.TF,
      List.of(new NetworkStage("stage1", "conv_pw_1_relu"), new NetworkStage("stage2", "conv_pw_3_relu"),
          new NetworkStage("stage3", "conv_pw_5_relu"), new NetworkStage("stage4", "conv_pw_11_relu"),
          new NetworkStage("stage5", "conv_pw_13_relu")),
      "predictions", BundledModel::graph, null, null);

  private static final List<Application> ALL = List.of(RESNET50V2, MOBILENET);

  /** The model {@code --model} means when none is given, and the app's first choice. */
  public static final Application DEFAULT = RESNET50V2;

  private Applications() {}

  /** Every built-in model, in display order. */
  public static List<Application> all() {
    return ALL;
  }

  /** The built-in model with this command-line name, ignoring case; empty for anything else. */
  public static Optional<Application> named(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    return ALL.stream().filter(a -> a.id().equals(wanted)).findFirst();
  }

  /** The command-line names, for help and error messages: "resnet50v2, mobilenet, ...". */
  public static String ids() {
    return ALL.stream().map(Application::id).collect(Collectors.joining(", "));
  }

  /**
   * The built-in model a graph is, by its Keras model name, when it has all of that model's stage layers (a
   * user's file saved from a Keras application); empty for any other graph.
   */
  public static Optional<Application> of(LayerGraph graph) {
    return ALL.stream()
        .filter(a -> a.kerasName().equals(graph.name()))
        .filter(a -> a.stages().stream().allMatch(s -> graph.contains(s.layer())))
        .findFirst();
  }
}
