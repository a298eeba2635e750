package org.convlens.model.weights;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One published weights file: its exact file name (as Keras caches it), its MD5 and whether it holds the
 * classification head. The name doubles as the cache key, so it must be a plain file name.
 *
 * @param fileName the file name, no folders, e.g. {@code resnet50v2_weights_tf_dim_ordering_tf_kernels.h5}
 * @param md5 the expected MD5 as 32 hex digits (stored lower case)
 * @param includesTop whether the file has the classifier ({@code predictions}) weights
 */
public record WeightsFile(String fileName, String md5, boolean includesTop) {
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
  // Plain names only: the name is resolved against cache folders and appended to URLs.
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public WeightsFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(md5, "md5");
    md5 = md5.toLowerCase(Locale.ROOT);
    if (!SAFE_NAME.matcher(fileName).matches() || fileName.contains("..")) {
      throw new IllegalArgumentException("not a plain file name: " + fileName);
    }
    if (!MD5.matcher(md5).matches()) {
      throw new IllegalArgumentException("not an MD5 (32 hex digits): " + md5);
    }
  }
}
