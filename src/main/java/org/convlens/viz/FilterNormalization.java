package org.convlens.viz;

/** How a filter grid maps weights to colours. */
public enum FilterNormalization {
  /** Min-max over the whole kernel, gray: dark = small or inhibitory, light = large or excitatory. */
  GLOBAL(Colormap.GRAY, "kernel min-max, gray"),
  /** Min-max over each filter on its own, gray: shows every filter's pattern, hides their relative strength. */
  PER_FILTER(Colormap.GRAY, "per-filter min-max, gray"),
  /** Divided by the kernel's largest |w|, diverging: the sign of each weight is visible, zero is white. */
  SYMMETRIC(Colormap.DIVERGING, "symmetric around zero, diverging");

  private final Colormap colormap;
  private final String description;

  FilterNormalization(Colormap colormap, String description) {
    this.colormap = colormap;
    this.description = description;
  }

  /** Words for people: captions, PNG metadata, the app. */
  public String description() {
    return description;
  }

  public Colormap colormap() {
    return colormap;
  }
}
