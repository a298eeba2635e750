package org.convlens.model.keras;

import org.convlens.model.LayerConfig;

/** Reads one Keras layer class's config into its {@link LayerConfig} record; refuses what it cannot run. */
@FunctionalInterface
interface LayerDecoder {
  /**
   * @throws LayerJson.Refusal when a setting would change the numbers and is not supported
   */
  LayerConfig decode(LayerJson layer);
}
