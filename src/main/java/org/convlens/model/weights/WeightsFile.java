package org.convlens.model.weights;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One published weights file: its exact file name (as Keras caches it), its checksum and whether it holds the
 * classification head. The name doubles as the cache key, so it must be a plain file name.
 *
 * @param fileName the file name, no folders, e.g. {@code resnet50v2_weights_tf_dim_ordering_tf_kernels.h5}
 * @param checksum the expected hash in hex (stored lower case): an MD5 (32 digits) or, as Keras publishes for
 *     ConvNeXt, a SHA-256 (64 digits), told apart by length as Keras's {@code get_file} does; null when Keras
 *     publishes none (MobileNetV2), so the file cannot be checked
 * @param includesTop whether the file has the classifier ({@code predictions}) weights
 */
public record WeightsFile(String fileName, String checksum, boolean includesTop) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{64}");
  // Plain names only: the name is resolved against cache folders and appended to URLs.
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public WeightsFile {
    Objects.requireNonNull(fileName, "fileName");
    checksum = checksum == null ? null : checksum.toLowerCase(Locale.ROOT);
    if (!SAFE_NAME.matcher(fileName).matches() || fileName.contains("..")) {
      throw new IllegalArgumentException("not a plain file name: " + fileName);
    }
    if (checksum != null && !HASH.matcher(checksum).matches()) {
      throw new IllegalArgumentException("not an MD5 or SHA-256 (32 or 64 hex digits): " + checksum);
    }
  }

  /** The {@link java.security.MessageDigest} name of the checksum, "MD5" or "SHA-256"; null when there is none. */
  public String algorithm() {
    return checksum == null ? null : checksum.length() == 32 ? "MD5" : "SHA-256";
  }
}
