package org.convlens.explain;

import java.util.Locale;

/** How a class map is computed. */
public enum Method {
  /** Selvaraju et al. 2017: a conv layer's maps weighted by their mean gradient. */
  GRADCAM,
  /** Simonyan et al. 2013: the input gradient's magnitude, largest over the colour channels. */
  SALIENCY,
  /** Smilkov et al. 2017: saliency averaged over noisy copies of the image. */
  SMOOTHGRAD;

  /** As the command line and the PNG metadata spell it: {@code gradcam}, {@code saliency}, {@code smoothgrad}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
