package org.convlens.viz;

/**
 * Maps a value in [0, 1] to a colour. VIRIDIS and MAGMA are matplotlib's perceptually uniform maps (17 anchor
 * colours sampled from matplotlib's 256-entry tables, linearly interpolated); DIVERGING is blue below 0.5,
 * white at 0.5 and red above, for values scaled symmetrically around zero.
 *
 * <p>Colours are quantised to {@value #LEVELS} levels (a 1025-entry table, so 0.5 falls exactly on an entry):
 * renderers look the table up instead of interpolating per pixel, and {@link #argb(double)} returns exactly
 * what a renderer draws for the same {@code t}.
 */
public enum Colormap {
  GRAY("gray", 0x000000, 0xFFFFFF),
  VIRIDIS("viridis", sixteenths(0x440154, 0x48186A, 0x472D7B, 0x424086, 0x3B528B, 0x33638D, 0x2C728E, 0x26828E,
      0x21918C, 0x1FA088, 0x28AE80, 0x3FBC73, 0x5EC962, 0x84D44B, 0xADDC30, 0xD8E219, 0xFDE725)),
  MAGMA("magma", sixteenths(0x000004, 0x0A0822, 0x1D1147, 0x36106B, 0x51127C, 0x6A1C81, 0x832681, 0x9C2E7F,
      0xB73779, 0xD0416F, 0xE75263, 0xF56B5C, 0xFC8961, 0xFEA772, 0xFEC488, 0xFDE2A3, 0xFCFDBF)),
  /** ColorBrewer's RdBu ends with pure white in the middle, so zero reads as "nothing". */
  DIVERGING("diverging (blue-white-red)", 0x2166AC, 0x67A9CF, 0xD1E5F0, 0xFFFFFF, 0xFDDBC7, 0xEF8A62, 0xB2182B);

  /** Number of distinct colours a map can produce. */
  public static final int LEVELS = 1025;

  private final String description;
  private final int[] table;

  /** Anchors spread evenly over [0, 1]. */
  Colormap(String description, int... rgbAnchors) {
    this.description = description;
    double[] positions = new double[rgbAnchors.length];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = (double) i / (positions.length - 1);
    }
    this.table = buildTable(positions, rgbAnchors);
  }

  Colormap(String description, Anchors anchors) {
    this.description = description;
    this.table = buildTable(anchors.positions, anchors.rgb);
  }

  /** Words for people (PNG metadata, captions): "viridis", "diverging (blue-white-red)"; never the enum code. */
  public String description() {
    return description;
  }

  /** The colour for {@code t}, clamped to [0, 1]; NaN gives the colour of 0. Always opaque. */
  public int argb(double t) {
    return table[index(t)];
  }

  /** The table entry for {@code t}: round(t * 1024), clamped; NaN gives 0. */
  static int index(double t) {
    if (!(t > 0)) {
      return 0;
    }
    return t >= 1 ? LEVELS - 1 : (int) (t * (LEVELS - 1) + 0.5);
  }

  /** The colour at table entry {@code i} (0 to {@code LEVELS - 1}); for renderers that precompute indices. */
  int argbAt(int i) {
    return table[i];
  }

  private static int[] buildTable(double[] positions, int[] rgb) {
    int[] table = new int[LEVELS];
    int segment = 0;
    for (int i = 0; i < LEVELS; i++) {
      double t = (double) i / (LEVELS - 1);
      while (segment < positions.length - 2 && t > positions[segment + 1]) {
        segment++;
      }
      double span = positions[segment + 1] - positions[segment];
      double f = Math.min(1, Math.max(0, (t - positions[segment]) / span));
      table[i] = 0xFF000000 | lerp(rgb[segment], rgb[segment + 1], f);
    }
    return table;
  }

  private static int lerp(int a, int b, double f) {
    int r = channel(a >> 16, b >> 16, f);
    int g = channel(a >> 8, b >> 8, f);
    int bl = channel(a, b, f);
    return r << 16 | g << 8 | bl;
  }

  private static int channel(int a, int b, double f) {
    a &= 0xFF;
    b &= 0xFF;
    return (int) Math.round(a + (b - a) * f);
  }

  /** matplotlib's tables have 256 entries; we sampled entries 0, 16, ..., 240 and 255. */
  private static Anchors sixteenths(int... rgb) {
    double[] positions = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      positions[i] = Math.min(255, 16 * i) / 255.0;
    }
    return new Anchors(positions, rgb);
  }

  private record Anchors(double[] positions, int[] rgb) {}
}
