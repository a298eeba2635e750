package org.convlens.viz;

/**
 * What a {@link FeatureMosaic} shows and how.
 *
 * @param maps how many channels at most (capped at the layer's channel count)
 */
public record MosaicOptions(int maps, ChannelOrder order, MapNormalization normalization, Colormap colormap) {
  /** 64 maps tile 8 x 8, as in the classic feature-map tutorial. */
  public static final int DEFAULT_MAPS = 64;

  public MosaicOptions {
    if (maps < 1) {
      throw new IllegalArgumentException("a mosaic shows at least one map: " + maps);
    }
    if (order == null || normalization == null || colormap == null) {
      throw new IllegalArgumentException("order, normalization and colormap are required");
    }
  }

  /**
   * The first 64 channels, each scaled to its own range, in VIRIDIS: matplotlib's default for {@code imshow}
   * (what the tutorials show), perceptually uniform so brightness reads as activation, and unlike gray it
   * keeps the dead-channel hatch and the magenta NaN flag unmistakable.
   */
  public static MosaicOptions defaults() {
    return new MosaicOptions(DEFAULT_MAPS, ChannelOrder.INDEX, MapNormalization.CHANNEL, Colormap.VIRIDIS);
  }

  public MosaicOptions withMaps(int n) {
    return new MosaicOptions(n, order, normalization, colormap);
  }

  public MosaicOptions withOrder(ChannelOrder o) {
    return new MosaicOptions(maps, o, normalization, colormap);
  }

  public MosaicOptions withNormalization(MapNormalization n) {
    return new MosaicOptions(maps, order, n, colormap);
  }

  public MosaicOptions withColormap(Colormap c) {
    return new MosaicOptions(maps, order, normalization, c);
  }
}
