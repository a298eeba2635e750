package org.convlens.viz;

/**
 * Colours one value at a time for the renderers' inner loops: the range and colormap are folded into a
 * scale and offset once, so a pixel costs a multiply, a clamp and a table look-up, with no allocation.
 */
final class Shader {
  /** Drawn for NaN and infinities: magenta appears in none of our colormaps. */
  static final int NON_FINITE = 0xFFFF00FF;

  private final Colormap colormap;
  private final double low;
  private final double scale;
  private final int constant;

  Shader(ValueRange range, Colormap colormap) {
    this.colormap = colormap;
    this.low = range.low();
    this.scale = range.isDegenerate() ? 0 : (Colormap.LEVELS - 1) / (range.high() - range.low());
    this.constant = range.isDegenerate() ? colormap.argb(0.5) : 0;
  }

  int argb(float value) {
    if (!Float.isFinite(value)) {
      return NON_FINITE;
    }
    if (scale == 0) {
      return constant;
    }
    double i = (value - low) * scale + 0.5;
    return colormap.argbAt(i <= 0 ? 0 : i >= Colormap.LEVELS - 1 ? Colormap.LEVELS - 1 : (int) i);
  }
}
