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

  public KnownWeights {
    Objects.requireNonNull(modelName, "modelName");
    files = List.copyOf(files);
    baseUrls = baseUrls.stream().map(KnownWeights::asFolder).toList();
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no weights files for " + modelName);
    }
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
