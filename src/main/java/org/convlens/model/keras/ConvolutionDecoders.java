package org.convlens.model.keras;

import java.util.Map;
import org.convlens.model.Convolutions;
import org.convlens.model.Window;

/** Keras configs of the {@link Convolutions} family. */
final class ConvolutionDecoders {
  private ConvolutionDecoders() {}

  static void register(Map<String, LayerDecoder> into) {
    into.put("Conv2D", ConvolutionDecoders::conv2d);
    into.put("Convolution2D", ConvolutionDecoders::conv2d);
    into.put("DepthwiseConv2D", ConvolutionDecoders::depthwise);
    into.put("SeparableConv2D", ConvolutionDecoders::separable);
    into.put("SeparableConvolution2D", ConvolutionDecoders::separable);
    into.put("Conv2DTranspose", ConvolutionDecoders::transpose);
    into.put("Convolution2DTranspose", ConvolutionDecoders::transpose);
  }

  private static Window window(LayerJson c) {
    c.requireChannelsLast();
    Window w = c.window("kernel_size");
    if (w.dilated() && (w.strideHeight() > 1 || w.strideWidth() > 1)) {
      throw c.refuse("it combines strides and dilation, which Keras itself does not allow");
    }
    return w;
  }

  private static Convolutions conv2d(LayerJson c) {
    return new Convolutions.Conv2D(c.integer("filters"), window(c), c.has("groups") ? c.integer("groups") : 1,
        c.flag("use_bias", true), c.activation());
  }

  private static Convolutions depthwise(LayerJson c) {
    // Keras 2.4+ writes "groups": 1 here (Keras 3 then refuses its own files); it means nothing.
    c.requireDefault("groups", "1");
    return new Convolutions.DepthwiseConv2D(window(c), c.has("depth_multiplier") ? c.integer("depth_multiplier") : 1,
        c.flag("use_bias", true), c.activation());
  }

  private static Convolutions separable(LayerJson c) {
    return new Convolutions.SeparableConv2D(c.integer("filters"), window(c),
        c.has("depth_multiplier") ? c.integer("depth_multiplier") : 1, c.flag("use_bias", true), c.activation());
  }

  private static Convolutions transpose(LayerJson c) {
    c.requireDefault("groups", "1");
    c.requireDefault("output_padding");
    Window w = window(c);
    if (w.dilated()) {
      throw c.refuse("it is dilated; a dilated Conv2DTranspose is not supported");
    }
    return new Convolutions.Conv2DTranspose(c.integer("filters"), w, c.flag("use_bias", true), c.activation());
  }
}
