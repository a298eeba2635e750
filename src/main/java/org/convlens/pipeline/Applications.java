package org.convlens.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.convlens.image.Preprocessing;
import org.convlens.model.LayerGraph;
import org.convlens.model.NetworkStage;
import org.convlens.model.ResNet50V2;
import org.convlens.model.applications.ConvNeXtTiny;
import org.convlens.model.applications.DenseNet121;
import org.convlens.model.applications.EfficientNetB0;
import org.convlens.model.applications.InceptionV3;
import org.convlens.model.applications.MobileNetV2;
import org.convlens.model.applications.ResNet50;
import org.convlens.model.applications.VGG16;
import org.convlens.model.applications.Xception;
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

  // Keras's classic applications with their official weights; the download sizes are Keras's own table's.
  public static final Application VGG_16 = new Application("vgg16", "VGG16", VGG16.NAME, VGG16.INPUT_SIZE,
      Preprocessing.CAFFE, VGG16.STAGES, VGG16.PREDICTIONS, VGG16::graph, KnownWeights.VGG16, "554 MB");

  public static final Application RESNET50 = new Application("resnet50", "ResNet50", ResNet50.NAME, ResNet50.INPUT_SIZE,
      Preprocessing.CAFFE, ResNet50.STAGES, ResNet50.PREDICTIONS, ResNet50::graph, KnownWeights.RESNET50, "103 MB");

  public static final Application MOBILENETV2 = new Application("mobilenetv2", "MobileNetV2", MobileNetV2.NAME, MobileNetV2.INPUT_SIZE,
      Preprocessing.TF, MobileNetV2.STAGES, MobileNetV2.PREDICTIONS, MobileNetV2::graph, KnownWeights.MOBILENET_V2, "15 MB");

  public static final Application XCEPTION = new Application("xception", "Xception", Xception.NAME, Xception.INPUT_SIZE,
      Preprocessing.TF, Xception.STAGES, Xception.PREDICTIONS, Xception::graph, KnownWeights.XCEPTION, "92 MB");

  public static final Application INCEPTIONV3 = new Application("inceptionv3", "InceptionV3", InceptionV3.NAME, InceptionV3.INPUT_SIZE,
      Preprocessing.TF, InceptionV3.STAGES, InceptionV3.PREDICTIONS, InceptionV3::graph, KnownWeights.INCEPTION_V3, "96 MB");

  public static final Application DENSENET121 = new Application("densenet121", "DenseNet121", DenseNet121.NAME, DenseNet121.INPUT_SIZE,
      Preprocessing.TORCH, DenseNet121.STAGES, DenseNet121.PREDICTIONS, DenseNet121::graph, KnownWeights.DENSENET121, "35 MB");

  public static final Application EFFICIENTNETB0 = new Application("efficientnetb0", "EfficientNetB0", EfficientNetB0.NAME, EfficientNetB0.INPUT_SIZE,
      Preprocessing.RAW, EfficientNetB0.STAGES, EfficientNetB0.PREDICTIONS, EfficientNetB0::graph, KnownWeights.EFFICIENTNET_B0, "30 MB",
      EfficientNetB0::weightsGraph);

  public static final Application CONVNEXTTINY = new Application("convnexttiny", "ConvNeXtTiny", ConvNeXtTiny.NAME, ConvNeXtTiny.INPUT_SIZE,
      Preprocessing.RAW, ConvNeXtTiny.STAGES, ConvNeXtTiny.PREDICTIONS, ConvNeXtTiny::graph, KnownWeights.CONVNEXT_TINY, "115 MB");

  private static final List<Application> ALL = List.of(RESNET50V2, MOBILENET, VGG_16, RESNET50, MOBILENETV2, XCEPTION,
      INCEPTIONV3, DENSENET121, EFFICIENTNETB0, CONVNEXTTINY);

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
