package org.convlens.model.keras;

import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.convlens.model.LayerConfig;

/**
 * The shared layer decoding behind the Keras 2 and Keras 3 readers: Keras class name to its family's decoder.
 * Adding a layer kind means one family record, one line in its family's decoder, one translator.
 */
public final class KerasLayers {
  private static final Map<String, LayerDecoder> DECODERS = decoders();

  private KerasLayers() {}

  private static Map<String, LayerDecoder> decoders() {
    Map<String, LayerDecoder> d = new HashMap<>();
    CoreDecoders.register(d);
    ConvolutionDecoders.register(d);
    NormalizationDecoders.register(d);
    ActivationDecoders.register(d);
    MergeDecoders.register(d);
    PoolingDecoders.register(d);
    ReshapingDecoders.register(d);
    PreprocessingDecoders.register(d);
    ApplicationDecoders.register(d);
    return Collections.unmodifiableMap(d);
  }

  /** A layer this reader will not run, with its name, class and why. */
  public static final class UnsupportedLayerException extends RuntimeException {
    private final String layer;
    private final String className;

    UnsupportedLayerException(String layer, String className, String reason) {
      super("'" + layer + "' (" + className + "): " + reason);
      this.layer = layer;
      this.className = className;
    }

    public String layer() {
      return layer;
    }

    public String className() {
      return className;
    }
  }

  /** Every Keras class name that decodes, sorted. */
  public static Set<String> supportedClasses() {
    return Collections.unmodifiableSet(new TreeSet<>(DECODERS.keySet()));
  }

  /**
   * Reads one layer's {@code config}.
   *
   * @param keras3 whether Keras 3 wrote it (only {@code hard_sigmoid} differs)
   * @throws UnsupportedLayerException when the class is unknown or a setting is not supported
   */
  public static LayerConfig decode(String layer, String className, JsonObject config, boolean keras3) {
    LayerDecoder decoder = DECODERS.get(className);
    if (decoder == null) {
      throw new UnsupportedLayerException(layer, className, whyNot(className));
    }
    try {
      return decoder.decode(new LayerJson(className, config, keras3));
    } catch (LayerJson.Refusal e) {
      throw new UnsupportedLayerException(layer, className, e.getMessage());
    } catch (IllegalStateException | UnsupportedOperationException | ClassCastException
        | IllegalArgumentException e) {
      throw new UnsupportedLayerException(layer, className, "its config is not one Keras writes (" + e.getMessage() + ")");
    }
  }

  private static String whyNot(String className) {
    if (className.equals("Lambda")) {
      return "it holds Python code, which ConvLens never runs";
    }
    if (Set.of("LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM2D", "TimeDistributed", "Masking")
        .contains(className)) {
      return "a sequence (recurrent) layer; ConvLens runs 2-D image models";
    }
    if (Set.of("Functional", "Sequential", "Model").contains(className)) {
      return "a model nested as a layer, not supported yet";
    }
    if (className.endsWith("1D") || className.endsWith("3D")) {
      return "a 1-D or 3-D layer; ConvLens runs 2-D image models";
    }
    return "not a Keras layer ConvLens knows (a custom class, or one not supported yet)";
  }
}
