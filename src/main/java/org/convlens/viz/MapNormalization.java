package org.convlens.viz;

/** How feature-map values are scaled to the colormap. */
public enum MapNormalization {
  /** Each channel's own min-max: every map uses the full colour range, so weak channels look as strong. */
  CHANNEL("per-channel min-max"),
  /** One min-max for the whole layer: channels can be compared by brightness. */
  LAYER("layer min-max"),
  /** The layer's 1st to 99th percentile, clipped: like LAYER, but a few outliers cannot wash it out. */
  PERCENTILE("layer 1st-99th percentile, clipped");

  private final String description;

  MapNormalization(String description) {
    this.description = description;
  }

  /** Words for people: captions, PNG metadata, the app. */
  public String description() {
    return description;
  }
}
