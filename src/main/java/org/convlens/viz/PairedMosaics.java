package org.convlens.viz;

import java.util.Arrays;
import org.convlens.tensor.Tensor;

/**
 * Two activations of one layer drawn so they can be compared tile by tile: the same channels in the same order
 * (chosen by the first), each channel (or the whole layer) scaled by ONE range covering both, so equal values get
 * equal colours; and their difference (first minus second) on a diverging map around zero.
 */
public final class PairedMosaics {
  /** Difference tiles: blue where the second is larger, red where the first is. */
  public static final Colormap DIFFERENCE_COLORMAP = Colormap.DIVERGING;

  private PairedMosaics() {}

  /**
   * @param first the picture's layer output, {@code [h, w, c]} (or with a batch of one)
   * @param second the same layer for the other image or weights, same shape
   * @param channels the channel indices shown, in order (see {@link #channels})
   */
  public record Paired(Raster first, Raster second, Raster difference, int[] channels) {}

  /** The channels a paired mosaic shows: the first's choice by {@code options} (order and how many). */
  public static int[] channels(Tensor first, MosaicOptions options) {
    Tensor a = FeatureMaps.hwc(first);
    int c = a.dim(2);
    return FeatureMosaic.select(Statistics.perChannel(a.data(), c), Math.min(options.maps(), c), options.order());
  }

  /**
   * Both mosaics and their difference, with {@code options}' channels, normalisation and colormap shared.
   *
   * @throws IllegalArgumentException when the shapes differ
   */
  public static Paired render(Tensor first, Tensor second,
      MosaicOptions options) {
    Tensor a = FeatureMaps.hwc(first);
    Tensor b = FeatureMaps.hwc(second);
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException("cannot compare activations of shapes "
          + Tensor.formatShape(a.shape()) + " and "
          + Tensor.formatShape(b.shape()));
    }
    int h = a.dim(0), w = a.dim(1), c = a.dim(2);
    float[] da = a.data();
    float[] db = b.data();
    float[] diff = new float[da.length];
    for (int i = 0; i < diff.length; i++) {
      diff[i] = da[i] - db[i];
    }
    Statistics.Summary[] sa = Statistics.perChannel(da, c);
    Statistics.Summary[] sb = Statistics.perChannel(db, c);
    Statistics.Summary[] sd = Statistics.perChannel(diff, c);
    int[] channels = FeatureMosaic.select(sa, Math.min(options.maps(), c), options.order());
    ValueRange[] ranges = new ValueRange[channels.length];
    ValueRange[] diffRanges = new ValueRange[channels.length];
    ValueRange layer = null;
    ValueRange layerDiff = union(sd, null).symmetric();
    if (options.normalization() == MapNormalization.PERCENTILE) {
      float[] both = Arrays.copyOf(da, da.length + db.length);
      System.arraycopy(db, 0, both, da.length, db.length);
      double[] p = Statistics.percentiles(both, 1, 99);
      layer = Double.isNaN(p[0]) ? new ValueRange(0, 0) : new ValueRange(p[0], p[1]);
    } else if (options.normalization() == MapNormalization.LAYER) {
      layer = union(sa, sb);
    }
    for (int k = 0; k < channels.length; k++) {
      int ch = channels[k];
      ValueRange r = layer != null ? layer : union(new Statistics.Summary[] {sa[ch]}, new Statistics.Summary[] {sb[ch]});
      ranges[k] = options.colormap() == Colormap.DIVERGING ? r.symmetric() : r;
      diffRanges[k] = options.normalization() == MapNormalization.CHANNEL ? sd[ch].range().symmetric() : layerDiff;
    }
    return new Paired(draw(da, h, w, c, channels, ranges, options.colormap()),
        draw(db, h, w, c, channels, ranges, options.colormap()),
        draw(diff, h, w, c, channels, diffRanges, DIFFERENCE_COLORMAP), channels);
  }

  /** The finite min-max over every summary given; {@code [0, 0]} when nothing is finite. */
  private static ValueRange union(Statistics.Summary[] x, Statistics.Summary[] y) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Statistics.Summary[] set : new Statistics.Summary[][] {x, y}) {
      if (set == null) {
        continue;
      }
      for (Statistics.Summary s : set) {
        if (s.finiteCount() > 0) {
          min = Math.min(min, s.min());
          max = Math.max(max, s.max());
        }
      }
    }
    return min <= max ? new ValueRange(min, max) : new ValueRange(0, 0);
  }

  /** The chosen channels as tiles in {@link MosaicGrid}'s layout, enlarged as {@link FeatureMosaic} does. */
  private static Raster draw(float[] d, int h, int w, int c, int[] channels, ValueRange[] ranges,
      Colormap colormap) {
    MosaicGrid grid = MosaicGrid.forTiles(channels.length);
    int scale = Math.max(1, (FeatureMosaic.MIN_TILE + Math.min(h, w) - 1) / Math.min(h, w));
    int tw = w * scale, th = h * scale, gap = FeatureMosaic.GAP;
    Raster raster = new Raster(grid.columns() * (tw + gap) - gap, grid.rows() * (th + gap) - gap);
    raster.fill(FeatureMosaic.BACKGROUND);
    for (int k = 0; k < channels.length; k++) {
      Shader shader = new Shader(ranges[k], colormap);
      int x0 = (k % grid.columns()) * (tw + gap);
      int y0 = (k / grid.columns()) * (th + gap);
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          raster.set(x0 + x, y0 + y, shader.argb(d[((y / scale) * w + x / scale) * c + channels[k]]));
        }
      }
    }
    return raster;
  }
}
