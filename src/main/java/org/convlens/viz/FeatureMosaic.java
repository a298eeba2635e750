package org.convlens.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.convlens.tensor.Tensor;

/**
 * Tiles the channels of one activation {@code [h, w, c]} into a near-square grid of small pictures
 * ({@link MosaicGrid}), the classic "what does this layer see" view. Handles any channel count, tiny maps (enlarged to at least
 * {@value #MIN_TILE} px), dead channels and non-finite values without producing NaN.
 */
public final class FeatureMosaic {
  /** Smallest tile side in pixels: a 7x7 map is enlarged 10x to 70 px. */
  public static final int MIN_TILE = 64;
  static final int GAP = 2;
  static final int BACKGROUND = 0xFF303030;
  /** Dead channels: a dark diagonal hatch, a pattern no colormap produces. */
  static final int DEAD_BASE = 0xFF1A1A1A;
  static final int DEAD_STRIPE = 0xFF5A5A5A;

  private FeatureMosaic() {}

  /** Renders the channels of {@code activation} chosen by {@code options}. */
  public static Mosaic render(Tensor activation, MosaicOptions options) {
    Tensor map = FeatureMaps.hwc(activation);
    int h = map.dim(0);
    int w = map.dim(1);
    int c = map.dim(2);
    float[] d = map.data();
    Statistics.Summary[] stats = Statistics.perChannel(d, c);
    int[] channels = select(stats, Math.min(options.maps(), c), options.order());
    ValueRange layerRange = layerRange(d, stats, options.normalization());

    int n = channels.length;
    MosaicGrid grid = MosaicGrid.forTiles(n);
    int columns = grid.columns();
    int rows = grid.rows();
    int scale = Math.max(1, (MIN_TILE + Math.min(h, w) - 1) / Math.min(h, w));
    int tileW = w * scale;
    int tileH = h * scale;
    Raster raster = new Raster(span(columns, tileW), span(rows, tileH));
    raster.fill(BACKGROUND);

    List<Mosaic.Tile> tiles = new ArrayList<>(n);
    int[] rowBuffer = new int[tileW];
    int dead = 0;
    int nonFinite = 0;
    for (int k = 0; k < n; k++) {
      int ch = channels[k];
      Statistics.Summary s = stats[ch];
      Rect bounds = new Rect((k % columns) * (tileW + GAP), (k / columns) * (tileH + GAP), tileW, tileH);
      ValueRange range = options.normalization() == MapNormalization.CHANNEL ? s.range() : layerRange;
      if (options.colormap() == Colormap.DIVERGING) {
        range = range.symmetric();
      }
      boolean isDead = s.allZero();
      if (isDead) {
        dead++;
        hatch(raster, bounds);
      } else {
        drawTile(raster, bounds, d, c, ch, h, w, scale, new Shader(range, options.colormap()), rowBuffer);
      }
      nonFinite += s.nonFiniteCount();
      tiles.add(new Mosaic.Tile(ch, bounds, s, range, isDead));
    }
    int deadInLayer = (int) Arrays.stream(stats).filter(Statistics.Summary::allZero).count();
    return new Mosaic(raster, tiles, columns, rows, scale, dead, deadInLayer, nonFinite, c, options);
  }

  private static int span(int count, int tile) {
    return count == 0 ? 0 : count * tile + (count - 1) * GAP;
  }

  /** Channel indices to show, in display order. */
  static int[] select(Statistics.Summary[] stats, int n, ChannelOrder order) {
    if (order == ChannelOrder.INDEX) {
      return IntStream.range(0, n).toArray();
    }
    // Channels with no finite value rank last; ties keep index order (the sort is stable).
    Comparator<Integer> byActivity = Comparator.comparingDouble(ch -> {
      Statistics.Summary s = stats[ch];
      double key = order == ChannelOrder.MEAN ? s.mean() : s.max();
      return s.finiteCount() == 0 ? Double.POSITIVE_INFINITY : -key;
    });
    return IntStream.range(0, stats.length).boxed().sorted(byActivity).limit(n).mapToInt(Integer::intValue)
        .toArray();
  }

  private static ValueRange layerRange(float[] d, Statistics.Summary[] stats, MapNormalization normalization) {
    switch (normalization) {
      case LAYER: {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Statistics.Summary s : stats) {
          if (s.finiteCount() > 0) {
            min = Math.min(min, s.min());
            max = Math.max(max, s.max());
          }
        }
        return min <= max ? new ValueRange(min, max) : new ValueRange(0, 0);
      }
      case PERCENTILE: {
        double[] p = Statistics.percentiles(d, 1, 99);
        return Double.isNaN(p[0]) ? new ValueRange(0, 0) : new ValueRange(p[0], p[1]);
      }
      default:
        return null; // per channel
    }
  }

  private static void drawTile(Raster raster, Rect bounds, float[] d, int c, int ch, int h, int w, int scale,
      Shader shader, int[] rowBuffer) {
    int[] px = raster.pixels();
    int stride = raster.width();
    for (int y = 0; y < h; y++) {
      int src = y * w * c + ch;
      for (int x = 0, o = 0; x < w; x++, src += c) {
        int argb = shader.argb(d[src]);
        for (int k = 0; k < scale; k++) {
          rowBuffer[o++] = argb;
        }
      }
      int dst = (bounds.y() + y * scale) * stride + bounds.x();
      for (int r = 0; r < scale; r++, dst += stride) {
        System.arraycopy(rowBuffer, 0, px, dst, bounds.width());
      }
    }
  }

  static void hatch(Raster raster, Rect b) {
    int[] px = raster.pixels();
    int stride = raster.width();
    for (int y = 0; y < b.height(); y++) {
      int row = (b.y() + y) * stride + b.x();
      for (int x = 0; x < b.width(); x++) {
        px[row + x] = ((x + y) & 7) < 2 ? DEAD_STRIPE : DEAD_BASE;
      }
    }
  }
}
