package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.Pooling;
import org.convlens.model.Window;

/** Keras configs of the {@link Pooling} family. */
final class PoolingDecoders {
  private PoolingDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("MaxPooling2D", c -> new Pooling.MaxPooling2D(window(c)));
    into.put("MaxPool2D", c -> new Pooling.MaxPooling2D(window(c)));
    into.put("AveragePooling2D", c -> new Pooling.AveragePooling2D(window(c)));
    into.put("AvgPool2D", c -> new Pooling.AveragePooling2D(window(c)));
    into.put("GlobalAveragePooling2D", c -> new Pooling.GlobalAveragePooling2D(keepDims(c)));
    into.put("GlobalAvgPool2D", c -> new Pooling.GlobalAveragePooling2D(keepDims(c)));
    into.put("GlobalMaxPooling2D", c -> new Pooling.GlobalMaxPooling2D(keepDims(c)));
    into.put("GlobalMaxPool2D", c -> new Pooling.GlobalMaxPooling2D(keepDims(c)));
  }

  private static Window window(LayerJson c) {
    c.requireChannelsLast();
    return c.window("pool_size");
  }

  private static boolean keepDims(LayerJson c) {
    c.requireChannelsLast();
    return c.flag("keepdims", false);
  }
}
