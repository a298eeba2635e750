package org.convlens.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.ApplicationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig;
import org.convlens.model.Merges;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;

/**
 * One layer's Keras 3 entry head ({@code module}, {@code class_name}, {@code registered_name}) and {@code config},
 * the inverse of the family decoders: each record's fields under the keys its decoder reads, plus the settings
 * Keras needs to rebuild the layer ({@code data_format}, {@code dtype}). What a record does not keep is written as
 * Keras's inference-neutral default (a dropout's rate as 0, batch norm's momentum as 0.99).
 */
final class LayerEncoders {
  private LayerEncoders() {}

  /** The entry for {@code config}, without {@code name} and {@code inbound_nodes}. */
  static JsonObject entry(String name, LayerConfig config, boolean trainable) {
    JsonObject c = new JsonObject();
    String className = config.kerasType();
    String module = "keras.layers";
    String registered = null;
    if (config instanceof LayerConfig.Input in) {
      c.add("batch_shape", batchShape(in.height(), in.width(), in.channels()));
      c.addProperty("dtype", "float32");
      c.addProperty("sparse", false);
      c.addProperty("ragged", false);
      c.addProperty("name", name);
      c.addProperty("optional", false);
    } else {
      c.addProperty("name", name);
      c.addProperty("trainable", trainable);
      c.add("dtype", dtypePolicy());
      fill(name, config, c);
      if (config instanceof ApplicationLayers || config instanceof CoreLayers.TrainingOnly t
          && t.kerasType().equals("StochasticDepth")) {
        module = "keras.src.applications.convnext";
        registered = className;
      }
    }
    JsonObject entry = new JsonObject();
    entry.addProperty("module", module);
    entry.addProperty("class_name", className);
    entry.add("config", c);
    entry.add("registered_name", registered == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(registered));
    return entry;
  }

  /** Keras 3's per-layer {@code dtype}: a float32 {@code DTypePolicy}. */
  static JsonObject dtypePolicy() {
    JsonObject policy = new JsonObject();
    policy.addProperty("module", "keras");
    policy.addProperty("class_name", "DTypePolicy");
    JsonObject pc = new JsonObject();
    pc.addProperty("name", "float32");
    policy.add("config", pc);
    policy.add("registered_name", JsonNull.INSTANCE);
    return policy;
  }

  private static void fill(String name, LayerConfig config, JsonObject c) {
    if (config instanceof Convolutions conv) {
      convolution(name, conv, c);
    } else if (config instanceof Normalizations.BatchNormalization bn) {
      c.addProperty("axis", bn.axis());
      c.addProperty("momentum", 0.99);
      c.addProperty("epsilon", bn.epsilon());
      c.addProperty("center", bn.center());
      c.addProperty("scale", bn.scale());
    } else if (config instanceof Normalizations.LayerNormalization ln) {
      c.add("axis", ints(ln.axes()));
      c.addProperty("epsilon", ln.epsilon());
      c.addProperty("center", ln.center());
      c.addProperty("scale", ln.scale());
      c.addProperty("rms_scaling", false);
    } else if (config instanceof ActivationLayers a) {
      activationLayer(name, a, c);
    } else if (config instanceof Merges.Concatenate cat) {
      c.addProperty("axis", cat.axis());
    } else if (config instanceof Merges.ElementWise) {
      return; // the class name says it all
    } else if (config instanceof Pooling p) {
      pooling(p, c);
    } else if (config instanceof Reshaping r) {
      reshaping(r, c);
    } else if (config instanceof CoreLayers.Dense d) {
      c.addProperty("units", d.units());
      c.addProperty("activation", activation(name, d.activation()));
      c.addProperty("use_bias", d.useBias());
    } else if (config instanceof CoreLayers.TrainingOnly t) {
      c.addProperty(t.kerasType().equals("GaussianNoise") ? "stddev" : t.kerasType().equals("StochasticDepth")
          ? "drop_path_rate" : "rate", 0.0);
    } else if (config instanceof PreprocessingLayers p) {
      preprocessing(p, c);
    } else if (config instanceof ApplicationLayers.LayerScale s) {
      c.addProperty("init_values", s.initValues());
      c.addProperty("projection_dim", s.projectionDim());
    } else {
      throw cannot(name, config, "no Keras 3 form is known for it");
    }
  }

  private static void convolution(String name, Convolutions conv, JsonObject c) {
    if (conv instanceof Convolutions.Conv2D k) {
      c.addProperty("filters", k.filters());
      window(k.window(), "kernel_size", c);
      c.addProperty("groups", k.groups());
      c.addProperty("activation", activation(name, k.activation()));
      c.addProperty("use_bias", k.useBias());
    } else if (conv instanceof Convolutions.DepthwiseConv2D k) {
      window(k.window(), "kernel_size", c);
      c.addProperty("depth_multiplier", k.depthMultiplier());
      c.addProperty("activation", activation(name, k.activation()));
      c.addProperty("use_bias", k.useBias());
    } else if (conv instanceof Convolutions.SeparableConv2D k) {
      c.addProperty("filters", k.filters());
      window(k.window(), "kernel_size", c);
      c.addProperty("depth_multiplier", k.depthMultiplier());
      c.addProperty("activation", activation(name, k.activation()));
      c.addProperty("use_bias", k.useBias());
    } else if (conv instanceof Convolutions.Conv2DTranspose k) {
      c.addProperty("filters", k.filters());
      window(k.window(), "kernel_size", c);
      c.add("output_padding", JsonNull.INSTANCE);
      c.addProperty("activation", activation(name, k.activation()));
      c.addProperty("use_bias", k.useBias());
    }
  }

  private static void activationLayer(String name, ActivationLayers a, JsonObject c) {
    if (a instanceof ActivationLayers.Activation act) {
      c.addProperty("activation", activation(name, act.function()));
    } else if (a instanceof ActivationLayers.ReLU r) {
      if (Float.isInfinite(r.maxValue())) {
        c.add("max_value", JsonNull.INSTANCE);
      } else {
        c.addProperty("max_value", r.maxValue());
      }
      c.addProperty("negative_slope", r.negativeSlope());
      c.addProperty("threshold", r.threshold());
    } else if (a instanceof ActivationLayers.LeakyReLU r) {
      c.addProperty("negative_slope", r.alpha());
    } else if (a instanceof ActivationLayers.PReLU p) {
      c.add("shared_axes", p.sharedAxes().length == 0 ? JsonNull.INSTANCE : ints(p.sharedAxes()));
    } else if (a instanceof ActivationLayers.ELU e) {
      c.addProperty("alpha", e.alpha());
    } else if (a instanceof ActivationLayers.Softmax s) {
      c.addProperty("axis", s.axis());
    }
  }

  private static void pooling(Pooling p, JsonObject c) {
    if (p instanceof Pooling.MaxPooling2D m) {
      window(m.window(), "pool_size", c);
    } else if (p instanceof Pooling.AveragePooling2D a) {
      window(a.window(), "pool_size", c);
    } else {
      c.addProperty("data_format", "channels_last");
      c.addProperty("keepdims", p instanceof Pooling.GlobalAveragePooling2D g ? g.keepDims()
          : ((Pooling.GlobalMaxPooling2D) p).keepDims());
    }
  }

  private static void reshaping(Reshaping r, JsonObject c) {
    if (r instanceof Reshaping.ZeroPadding2D z) {
      c.add("padding", borders(z.top(), z.bottom(), z.left(), z.right()));
      c.addProperty("data_format", "channels_last");
    } else if (r instanceof Reshaping.Cropping2D k) {
      c.add("cropping", borders(k.top(), k.bottom(), k.left(), k.right()));
      c.addProperty("data_format", "channels_last");
    } else if (r instanceof Reshaping.UpSampling2D u) {
      c.add("size", ints(u.sizeHeight(), u.sizeWidth()));
      c.addProperty("data_format", "channels_last");
      c.addProperty("interpolation", interpolation(u.interpolation()));
    } else if (r instanceof Reshaping.Flatten) {
      c.addProperty("data_format", "channels_last");
    } else if (r instanceof Reshaping.Reshape s) {
      c.add("target_shape", ints(s.targetShape()));
    } else if (r instanceof Reshaping.Permute p) {
      c.add("dims", ints(p.dims()));
    }
  }

  private static void preprocessing(PreprocessingLayers p, JsonObject c) {
    if (p instanceof PreprocessingLayers.Rescaling r) {
      // A number when it is one, as Keras writes the common case; else one per channel.
      if (r.scale().length == 1) {
        c.addProperty("scale", r.scale()[0]);
      } else {
        c.add("scale", floats(r.scale()));
      }
      if (r.offset().length == 1) {
        c.addProperty("offset", r.offset()[0]);
      } else {
        c.add("offset", floats(r.offset()));
      }
    } else if (p instanceof PreprocessingLayers.Normalization n) {
      c.addProperty("axis", -1);
      c.addProperty("invert", false);
      c.add("mean", floats(n.mean()));
      c.add("variance", floats(n.variance()));
    } else if (p instanceof PreprocessingLayers.Resizing r) {
      c.addProperty("height", r.height());
      c.addProperty("width", r.width());
      c.addProperty("interpolation", interpolation(r.interpolation()));
      c.addProperty("crop_to_aspect_ratio", false);
      c.addProperty("pad_to_aspect_ratio", false);
      c.addProperty("data_format", "channels_last");
    } else if (p instanceof PreprocessingLayers.CenterCrop k) {
      c.addProperty("height", k.height());
      c.addProperty("width", k.width());
      c.addProperty("data_format", "channels_last");
    }
  }

  private static void window(Window w, String sizeKey, JsonObject c) {
    c.add(sizeKey, ints(w.height(), w.width()));
    c.add("strides", ints(w.strideHeight(), w.strideWidth()));
    c.addProperty("padding", w.padding().name().toLowerCase(java.util.Locale.ROOT));
    c.addProperty("data_format", "channels_last");
    if (!sizeKey.equals("pool_size")) {
      c.add("dilation_rate", ints(w.dilationHeight(), w.dilationWidth()));
    } else if (w.dilated()) {
      throw new IllegalArgumentException("a dilated pooling window has no Keras form");
    }
  }

  /**
   * The name Keras 3 reads back as the same function. Keras 2's {@code hard_sigmoid} and the tanh GELU have no
   * Keras 3 activation name, so a layer using them cannot be written.
   */
  private static String activation(String layer, ActivationFunction f) {
    if (f == ActivationFunction.HARD_SIGMOID_KERAS2 || f == ActivationFunction.GELU_APPROXIMATE) {
      throw new IllegalArgumentException("cannot write layer '" + layer + "' as Keras 3: its activation ("
          + f.name().toLowerCase(java.util.Locale.ROOT) + ") has no Keras 3 name");
    }
    return f.kerasName();
  }

  private static String interpolation(Reshaping.Interpolation i) {
    return i.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonArray borders(int top, int bottom, int left, int right) {
    JsonArray a = new JsonArray();
    a.add(ints(top, bottom));
    a.add(ints(left, right));
    return a;
  }

  /** A shape as Keras writes it: the open batch dimension ({@code null}) first. */
  static JsonArray batchShape(int... dims) {
    JsonArray a = new JsonArray();
    a.add(JsonNull.INSTANCE);
    for (int v : dims) {
      a.add(v);
    }
    return a;
  }

  static JsonArray ints(int... values) {
    JsonArray a = new JsonArray();
    for (int v : values) {
      a.add(v);
    }
    return a;
  }

  private static com.google.gson.JsonElement floats(float[] values) {
    if (values == null) {
      return JsonNull.INSTANCE;
    }
    JsonArray a = new JsonArray();
    for (float v : values) {
      a.add(v);
    }
    return a;
  }

  static IllegalArgumentException cannot(String layer, LayerConfig config, String why) {
    return new IllegalArgumentException("cannot write layer '" + layer + "' (" + config.kerasType() + ") as Keras 3: "
        + why);
  }
}
