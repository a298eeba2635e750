package org.convlens.cli;

import java.util.Locale;

/** The line a batch prints on stderr after each image: {@code [37/200] cat.jpg  12.3 img/s  ETA 0:13}. */
final class ProgressLine {
  private ProgressLine() {}

  /**
   * @param done images finished so far (failed ones included), at least 1
   * @param name the file name of the image just finished
   * @param elapsedNanos time since the first image started
   */
  static String format(int done, int total, String name, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    double rate = done / seconds;
    long eta = Math.round((total - done) / rate);
    return String.format(Locale.ROOT, "[%d/%d] %s  %.1f img/s  ETA %s", done, total, name, rate, clock(eta));
  }

  /** Seconds as m:ss, or h:mm:ss from an hour on. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
