package org.convlens.viz;

import org.convlens.tensor.Tensor;

/**
 * Model inputs made visible: an optimised input ("what a channel wants to see") is in the model's scale, not
 * pixels, so it is stretched to 0..255 as a whole (one range for all three channels, which keeps its colours),
 * and several are laid out as a mosaic.
 */
public final class InputPictures {
  private InputPictures() {}

  /**
   * {@code input} ({@code [h, w, 3]}) as an opaque picture, its smallest value black and largest white.
   *
   * @param bgr whether the channels are blue, green, red (Keras's "caffe" preprocessing)
   */
  public static Raster stretched(Tensor input, boolean bgr) {
    int h = input.dim(0), w = input.dim(1);
    float[] x = input.data();
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float scale = max > min ? 255f / (max - min) : 0;
    int[] rgb = new int[h * w];
    for (int i = 0; i < rgb.length; i++) {
      int a = Math.round((x[3 * i] - min) * scale);
      int b = Math.round((x[3 * i + 1] - min) * scale);
      int c = Math.round((x[3 * i + 2] - min) * scale);
      rgb[i] = bgr ? c << 16 | b << 8 | a : a << 16 | b << 8 | c;
    }
    return Raster.ofRgb(w, h, rgb);
  }

  /** Pictures of one size in a near-square grid, {@code gap} pixels of {@code background} between them. */
  public static Raster mosaic(java.util.List<Raster> tiles, int gap, int background) {
    if (tiles.isEmpty()) {
      throw new IllegalArgumentException("a mosaic needs at least one picture");
    }
    int tw = tiles.get(0).width(), th = tiles.get(0).height();
    MosaicGrid grid = MosaicGrid.forTiles(tiles.size());
    Raster out = new Raster(grid.columns() * (tw + gap) + gap, grid.rows() * (th + gap) + gap);
    out.fill(background);
    for (int i = 0; i < tiles.size(); i++) {
      Raster t = tiles.get(i);
      if (t.width() != tw || t.height() != th) {
        throw new IllegalArgumentException("mosaic pictures differ in size: " + tw + "x" + th + " and "
            + t.width() + "x" + t.height());
      }
      out.blit(t, gap + (i % grid.columns()) * (tw + gap), gap + (i / grid.columns()) * (th + gap));
    }
    return out;
  }
}
