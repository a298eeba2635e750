package org.convlens.viz;

/** How a filter grid maps weights to colours. */
public enum FilterNormalization {
  /** Min-max over the whole kernel, gray: dark = small or inhibitory, light = large or excitatory. */
  GLOBAL(Colormap.GRAY),
  /** Min-max over each filter on its own, gray: shows every filter's pattern, hides their relative strength. */
  PER_FILTER(Colormap.GRAY),
  /** Divided by the kernel's largest |w|, diverging: the sign of each weight is visible, zero is white. */
  SYMMETRIC(Colormap.DIVERGING);

  private final Colormap colormap;

  FilterNormalization(Colormap colormap) {
    this.colormap = colormap;
  }

  public Colormap colormap() {
    return colormap;
  }
}
