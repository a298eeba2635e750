package org.convlens.viz;

import java.util.List;
import java.util.Optional;

/**
 * A rendered feature-map mosaic: the picture, where each channel's tile is (for hover and labels), and what
 * went wrong in the data, counted rather than hidden.
 *
 * @param columns tiles per row
 * @param rows rows of tiles
 * @param scale the whole-number factor each map was enlarged by
 * @param deadChannels shown channels that are exactly zero everywhere (drawn hatched)
 * @param deadChannelsInLayer the same over all channels of the layer
 * @param nonFiniteValues NaN or infinite values in the shown channels (drawn magenta)
 * @param channelCount channels in the layer
 */
public record Mosaic(
    Raster raster,
    List<Tile> tiles,
    int columns,
    int rows,
    int scale,
    int deadChannels,
    int deadChannelsInLayer,
    int nonFiniteValues,
    int channelCount,
    MosaicOptions options) {

  public Mosaic {
    tiles = List.copyOf(tiles);
  }

  /**
   * One channel's place in the mosaic.
   *
   * @param range the values mapped to the colormap's ends
   */
  public record Tile(int channel, Rect bounds, Statistics.Summary stats, ValueRange range, boolean dead) {}

  /** The tile under pixel ({@code x}, {@code y}); empty in a gap or outside. */
  public Optional<Tile> tileAt(int x, int y) {
    for (Tile t : tiles) {
      if (t.bounds().contains(x, y)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Which channels the mosaic shows, in words: "first 64 of 256", "all 64", "64 most active by mean, of 2048". */
  public String channelSelection() {
    int n = tiles().size();
    return switch (options().order()) {
      case INDEX -> n == channelCount() ? "all " + n : "first " + n + " of " + channelCount();
      case MEAN -> n + " most active by mean, of " + channelCount();
      case MAX -> n + " most active by peak, of " + channelCount();
    };
  }
}
