package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.Normalizations;

/** Keras configs of the {@link Normalizations} family. */
final class NormalizationDecoders {
  private NormalizationDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("BatchNormalization", NormalizationDecoders::batchNorm);
    into.put("LayerNormalization", NormalizationDecoders::layerNorm);
  }

  private static Normalizations batchNorm(LayerJson c) {
    c.requireDefault("renorm", "false");
    return new Normalizations.BatchNormalization(c.axis("axis", -1), c.number("epsilon", 1e-3f),
        c.flag("center", true), c.flag("scale", true));
  }

  private static Normalizations layerNorm(LayerJson c) {
    c.requireDefault("rms_scaling", "false");
    return new Normalizations.LayerNormalization(c.has("axis") ? c.ints("axis") : new int[] {-1},
        c.number("epsilon", 1e-3f), c.flag("center", true), c.flag("scale", true));
  }
}
