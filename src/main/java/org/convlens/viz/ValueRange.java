package org.convlens.viz;

/**
 * The values mapped to the two ends of a colormap: {@code low} to 0, {@code high} to 1. A range with
 * {@code high <= low} (a constant map) maps everything to the middle instead of dividing by zero.
 */
public record ValueRange(double low, double high) {
  public ValueRange {
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException("range ends must be finite: [" + low + ", " + high + "]");
    }
  }

  /** {@code [-m, m]} with {@code m = max(|low|, |high|)}, so zero lands on the middle of the colormap. */
  public ValueRange symmetric() {
    double m = Math.max(Math.abs(low), Math.abs(high));
    return new ValueRange(-m, m);
  }

  /** Whether the range is a single value, so every finite value maps to 0.5. */
  public boolean isDegenerate() {
    return !(high > low);
  }

  /** {@code value} scaled to [0, 1] and clamped; 0.5 for a degenerate range; NaN for a non-finite value. */
  public double toUnit(double value) {
    if (!Double.isFinite(value)) {
      return Double.NaN;
    }
    if (isDegenerate()) {
      return 0.5;
    }
    return Math.min(1, Math.max(0, (value - low) / (high - low)));
  }
}
