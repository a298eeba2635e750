package org.convlens.model.weights;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The published weights of one model: the files in order of preference (with the classification head
 * first) and the base URLs that serve them, official host first. A value, so later models add their own
 * constant or build one from configuration, and tests build one around a small fake payload.
 *
 * @param modelName a human name for messages, e.g. "ResNet50V2"
 * @param files the variants, most wanted first; never empty
 * @param baseUrls folders the files are served from, tried in order; each ends with {@code /}
 */
public record KnownWeights(String modelName, List<WeightsFile> files, List<URI> baseUrls) {

  /** Keras's ImageNet weights for ResNet50V2, with and without the 1000-class head. */
  public static final KnownWeights RESNET50_V2 = new KnownWeights(
      "ResNet50V2",
      List.of(
          new WeightsFile("resnet50v2_weights_tf_dim_ordering_tf_kernels.h5",
              "3ef43a0b657b3be2300d5770ece849e0", true),
          new WeightsFile("resnet50v2_weights_tf_dim_ordering_tf_kernels_notop.h5",
              "fac2f116257151a9d068a22e544a4917", false)),
      List.of(
          URI.create("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"),
          URI.create("https://github.com/keras-team/keras-applications/releases/download/resnet/")));

  private static final String KERAS_APPLICATIONS = "https://storage.googleapis.com/tensorflow/keras-applications/";

  // The files below are Keras's own (keras/src/applications/*.py): names, hashes and hosts as Keras fetches them.

  /** VGG16's ImageNet weights ({@code vgg16.py}). */
  public static final KnownWeights VGG16 = keras("VGG16", "vgg16/",
      "vgg16_weights_tf_dim_ordering_tf_kernels.h5", "64373286793e3c8b2b4e3219cbf3544b",
      "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "6d6bbae143d832006294945121d1f1fc");

  /** ResNet50's (v1) ImageNet weights ({@code resnet.py}, {@code WEIGHTS_HASHES["resnet50"]}). */
  public static final KnownWeights RESNET50 = keras("ResNet50", "resnet/",
      "resnet50_weights_tf_dim_ordering_tf_kernels.h5", "2cb95161c43110f7111970584f804107",
      "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", "4d473c1dd8becc155b73f8504c6f6626");

  /** MobileNetV2's (alpha 1.0, 224) ImageNet weights ({@code mobilenet_v2.py}): Keras publishes no hash. */
  public static final KnownWeights MOBILENET_V2 = keras("MobileNetV2", "mobilenet_v2/",
      "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5", null,
      "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", null);

  /** Xception's ImageNet weights ({@code xception.py}). */
  public static final KnownWeights XCEPTION = keras("Xception", "xception/",
      "xception_weights_tf_dim_ordering_tf_kernels.h5", "0a58e3b7378bc2990ea3b43d5981f1f6",
      "xception_weights_tf_dim_ordering_tf_kernels_notop.h5", "b0042744bf5b25fce3cb969f33bebb97");

  /** InceptionV3's ImageNet weights ({@code inception_v3.py}). */
  public static final KnownWeights INCEPTION_V3 = keras("InceptionV3", "inception_v3/",
      "inception_v3_weights_tf_dim_ordering_tf_kernels.h5", "9a0d58056eeedaa3f26cb7ebd46da564",
      "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5", "bcbd6486424b2319ff4ef7d526e38f63");

  /** DenseNet121's ImageNet weights ({@code densenet.py}). */
  public static final KnownWeights DENSENET121 = keras("DenseNet121", "densenet/",
      "densenet121_weights_tf_dim_ordering_tf_kernels.h5", "9d60b8095a5708f2dcce2bca79d332c7",
      "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5", "30ee3e1110167f948a6b9946edeeb738");

  /**
   * EfficientNetB0's ImageNet weights ({@code efficientnet.py}, {@code WEIGHTS_HASHES["b0"]}): named after the
   * model ({@code efficientnetb0.h5}) and served from another bucket than the others, without "tensorflow/".
   */
  public static final KnownWeights EFFICIENTNET_B0 = new KnownWeights("EfficientNetB0",
      List.of(new WeightsFile("efficientnetb0.h5", "902e53a9f72be733fc0bcb005b3ebbac", true),
          new WeightsFile("efficientnetb0_notop.h5", "50bc09e76180e00e4465e1a485ddc09d", false)),
      List.of(URI.create("https://storage.googleapis.com/keras-applications/")));

  /** ConvNeXtTiny's ImageNet weights ({@code convnext.py}): Keras publishes SHA-256 hashes for these. */
  public static final KnownWeights CONVNEXT_TINY = keras("ConvNeXtTiny", "convnext/",
      "convnext_tiny.h5", "8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
      "convnext_tiny_notop.h5", "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1");

  public KnownWeights {
    Objects.requireNonNull(modelName, "modelName");
    files = List.copyOf(files);
    baseUrls = baseUrls.stream().map(KnownWeights::asFolder).toList();
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no weights files for " + modelName);
    }
  }

  /** A model's two files (with and without the head) under Keras's usual host, in {@code folder}. */
  private static KnownWeights keras(String model, String folder, String top, String topHash, String notop,
      String notopHash) {
    return new KnownWeights(model,
        List.of(new WeightsFile(top, topHash, true), new WeightsFile(notop, notopHash, false)),
        List.of(URI.create(KERAS_APPLICATIONS + folder)));
  }

  /** The preferred file: the one with the classification head when there is one. */
  public WeightsFile preferred() {
    return files.stream().filter(WeightsFile::includesTop).findFirst().orElse(files.get(0));
  }

  /** The URL of {@code file} under {@code baseUrl}. */
  public static URI urlOf(URI baseUrl, WeightsFile file) {
    return asFolder(baseUrl).resolve(file.fileName());
  }

  /** Checks a base URL is absolute http(s) and ends with {@code /}, so names resolve inside it. */
  static URI asFolder(URI baseUrl) {
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    String s = baseUrl.toString();
    return s.endsWith("/") ? baseUrl : URI.create(s + "/");
  }
}
