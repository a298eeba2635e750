package org.convlens.viz;

/** Which channels of a layer a mosaic shows when it cannot show them all. */
public enum ChannelOrder {
  /** The first N, in index order: stable, easy to compare between images. */
  INDEX,
  /** The N with the highest mean activation, most active first. */
  MEAN,
  /** The N with the highest peak activation, most active first: finds channels that fire in one place. */
  MAX
}
