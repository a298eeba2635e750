package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.Merges;

/** Keras configs of the {@link Merges} family. */
final class MergeDecoders {
  private MergeDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    for (Merges.Operation op : Merges.Operation.values()) {
      into.put(op.kerasType(), c -> new Merges.ElementWise(op));
    }
    into.put("Concatenate", c -> new Merges.Concatenate(c.axis("axis", -1)));
  }
}
