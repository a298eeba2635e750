package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.convlens.model.ActivationFunction;
import org.convlens.model.ActivationLayers;
import org.convlens.model.ApplicationLayers;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerConfig.Padding;
import org.convlens.model.Merges;
import org.convlens.model.Normalizations;
import org.convlens.model.Pooling;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping;
import org.convlens.model.Window;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;

/** Each family's decoder on config snippets as Keras 2 and Keras 3 write them. */
class KerasLayersTest {

  private static LayerConfig decode(String className, String config) {
    return KerasLayers.decode("l", className, JsonParser.parseString(config).getAsJsonObject(), false);
  }

  private static LayerConfig decode3(String className, String config) {
    return KerasLayers.decode("l", className, JsonParser.parseString(config).getAsJsonObject(), true);
  }

  private static String refusal(String className, String config) {
    return assertThrows(KerasLayers.UnsupportedLayerException.class, () -> decode(className, config)).getMessage();
  }

  @Test
  void convolutions() {
    assertEquals(new Convolutions.Conv2D(8, new Window(3, 5, 2, 1, 1, 1, Padding.SAME), 2, false,
            ActivationFunction.SWISH),
        decode("Conv2D", "{\"filters\": 8, \"kernel_size\": [3, 5], \"strides\": [2, 1], \"padding\": \"same\","
            + " \"dilation_rate\": [1, 1], \"groups\": 2, \"use_bias\": false, \"activation\": \"silu\","
            + " \"data_format\": \"channels_last\"}"));
    assertEquals(new Window(3, 3, 1, 1, 2, 2, Padding.VALID),
        ((Convolutions.Conv2D) decode("Conv2D", "{\"filters\": 1, \"kernel_size\": 3, \"dilation_rate\": 2}")).window());
    // Keras 2.4+ writes groups: 1 into DepthwiseConv2D and Conv2DTranspose configs.
    assertEquals(new Convolutions.DepthwiseConv2D(Window.square(3, 2, Padding.SAME), 2, true, ActivationFunction.RELU6),
        decode("DepthwiseConv2D", "{\"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\","
            + " \"depth_multiplier\": 2, \"groups\": 1, \"use_bias\": true, \"activation\": \"relu6\"}"));
    assertEquals(new Convolutions.Conv2DTranspose(4, Window.square(2, 2, Padding.VALID), true, ActivationFunction.LINEAR),
        decode("Conv2DTranspose", "{\"filters\": 4, \"kernel_size\": 2, \"strides\": 2, \"groups\": 1,"
            + " \"output_padding\": null}"));
    assertEquals(new Convolutions.SeparableConv2D(4, Window.square(3, 1, Padding.SAME), 1, true, ActivationFunction.TANH),
        decode("SeparableConv2D", "{\"filters\": 4, \"kernel_size\": [3, 3], \"padding\": \"same\","
            + " \"depth_multiplier\": 1, \"activation\": \"tanh\"}"));
    assertTrue(refusal("Conv2D", "{\"filters\": 1, \"kernel_size\": 3, \"data_format\": \"channels_first\"}")
        .contains("channels_first"));
    assertTrue(refusal("Conv2DTranspose", "{\"filters\": 1, \"kernel_size\": 3, \"output_padding\": [1, 1]}")
        .contains("output_padding"));
  }

  @Test
  void activationsAsStringsOrSerializedObjects() {
    assertEquals(new ActivationLayers.Activation(ActivationFunction.GELU),
        decode3("Activation", "{\"activation\": {\"module\": \"keras.activations\", \"class_name\": \"function\","
            + " \"config\": \"gelu\", \"registered_name\": \"function\"}}"));
    assertEquals(new ActivationLayers.Activation(ActivationFunction.HARD_SWISH),
        decode("Activation", "{\"activation\": {\"class_name\": \"hard_silu\"}}"));
    // hard_sigmoid changed between Keras 2 and 3.
    assertEquals(new ActivationLayers.Activation(ActivationFunction.HARD_SIGMOID_KERAS2),
        decode("Activation", "{\"activation\": \"hard_sigmoid\"}"));
    assertEquals(new ActivationLayers.Activation(ActivationFunction.HARD_SIGMOID),
        decode3("Activation", "{\"activation\": \"hard_sigmoid\"}"));
    assertTrue(refusal("Activation", "{\"activation\": \"mish\"}").contains("'mish'"));
  }

  @Test
  void activationLayers() {
    assertEquals(new ActivationLayers.ReLU(6f, 0f, 0f),
        decode("ReLU", "{\"max_value\": 6.0, \"negative_slope\": 0.0, \"threshold\": 0.0}"));
    assertEquals(new ActivationLayers.ReLU(ActivationLayers.ReLU.UNCAPPED, 0.1f, 0.5f),
        decode("ReLU", "{\"max_value\": null, \"negative_slope\": 0.1, \"threshold\": 0.5}"));
    assertEquals(new ActivationLayers.LeakyReLU(0.1f), decode("LeakyReLU", "{\"alpha\": 0.1}"));
    assertEquals(new ActivationLayers.LeakyReLU(0.2f), decode3("LeakyReLU", "{\"negative_slope\": 0.2}"));
    assertArrayEquals(new int[] {1, 2},
        ((ActivationLayers.PReLU) decode("PReLU", "{\"shared_axes\": [1, 2]}")).sharedAxes());
    assertEquals(new ActivationLayers.ELU(1f), decode("ELU", "{}"));
    assertEquals(new ActivationLayers.Softmax(1), decode("Softmax", "{\"axis\": [1]}"));
  }

  @Test
  void normalizationsWithAxisAsList() {
    assertEquals(new Normalizations.BatchNormalization(3, 1e-3f, true, false),
        decode("BatchNormalization", "{\"axis\": [3], \"epsilon\": 0.001, \"center\": true, \"scale\": false}"));
    assertArrayEquals(new int[] {1, 2, 3}, ((Normalizations.LayerNormalization) decode("LayerNormalization",
        "{\"axis\": [1, 2, 3], \"epsilon\": 1e-6}")).axes());
    assertTrue(refusal("BatchNormalization", "{\"axis\": [1, 2]}").contains("several axes"));
    assertTrue(refusal("LayerNormalization", "{\"rms_scaling\": true}").contains("rms_scaling"));
  }

  @Test
  void mergesAndPooling() {
    assertEquals(new Merges.ElementWise(Merges.Operation.MAXIMUM), decode("Maximum", "{}"));
    assertEquals(new Merges.Concatenate(1), decode("Concatenate", "{\"axis\": 1}"));
    assertEquals(new Pooling.MaxPooling2D(new Window(3, 2, 3, 2, 1, 1, Padding.VALID)),
        decode("MaxPooling2D", "{\"pool_size\": [3, 2], \"strides\": null, \"padding\": \"valid\"}"));
    assertEquals(new Pooling.AveragePooling2D(new Window(8, 8, 1, 2, 1, 1, Padding.SAME)),
        decode("AveragePooling2D", "{\"pool_size\": 8, \"strides\": [1, 2], \"padding\": \"same\"}"));
    assertEquals(new Pooling.GlobalMaxPooling2D(true), decode("GlobalMaxPooling2D", "{\"keepdims\": true}"));
  }

  @Test
  void reshaping() {
    assertEquals(new Reshaping.ZeroPadding2D(1, 2, 3, 4),
        decode("ZeroPadding2D", "{\"padding\": [[1, 2], [3, 4]]}"));
    assertEquals(new Reshaping.ZeroPadding2D(2, 2, 3, 3), decode("ZeroPadding2D", "{\"padding\": [2, 3]}"));
    assertEquals(new Reshaping.Cropping2D(1, 1, 1, 1), decode("Cropping2D", "{\"cropping\": 1}"));
    assertEquals(new Reshaping.UpSampling2D(2, 3, Reshaping.Interpolation.BILINEAR),
        decode("UpSampling2D", "{\"size\": [2, 3], \"interpolation\": \"bilinear\"}"));
    assertEquals(new Reshaping.Flatten(), decode("Flatten", "{\"data_format\": \"channels_last\"}"));
    assertArrayEquals(new int[] {1, 1, -1},
        ((Reshaping.Reshape) decode("Reshape", "{\"target_shape\": [1, 1, -1]}")).targetShape());
    assertArrayEquals(new int[] {2, 1, 3}, ((Reshaping.Permute) decode("Permute", "{\"dims\": [2, 1, 3]}")).dims());
    assertTrue(refusal("UpSampling2D", "{\"interpolation\": \"bicubic\"}").contains("bicubic"));
  }

  @Test
  void coreAndInput() {
    assertEquals(new LayerConfig.Input(32, 24, 3),
        decode("InputLayer", "{\"batch_input_shape\": [null, 32, 24, 3], \"dtype\": \"float32\"}"));
    assertEquals(new LayerConfig.Input(8, 8, 1), decode3("InputLayer", "{\"batch_shape\": [null, 8, 8, 1],"
        + " \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}}}"));
    assertTrue(refusal("InputLayer", "{\"batch_input_shape\": [null, null, null, 3]}").contains("no fixed size"));
    assertEquals(new CoreLayers.Dense(10, false, ActivationFunction.SOFTMAX),
        decode("Dense", "{\"units\": 10, \"use_bias\": false, \"activation\": \"softmax\"}"));
    for (String kind : CoreLayers.TrainingOnly.KINDS) {
      assertEquals(new CoreLayers.TrainingOnly(kind), decode(kind, "{\"rate\": 0.5}"));
    }
  }

  @Test
  void preprocessingAndLayerScale() {
    assertEquals(new PreprocessingLayers.Rescaling(1 / 255f, 0f),
        decode("Rescaling", "{\"scale\": 0.00392156862745098, \"offset\": 0.0}"));
    // EfficientNet's rescaling_1 with its official weights: one scale per channel.
    assertEquals(new PreprocessingLayers.Rescaling(new float[] {2.0897f, 2.1129f, 2.1082f}, new float[] {0f}),
        decode("Rescaling", "{\"scale\": [2.0897, 2.1129, 2.1082], \"offset\": 0.0}"));
    assertEquals(new PreprocessingLayers.Rescaling(0.5f, -1f), decode("Rescaling", "{\"scale\": [0.5], \"offset\": -1}"));
    assertTrue(refusal("Rescaling", "{\"scale\": [], \"offset\": 0.0}").contains("empty list"));
    assertEquals(PreprocessingLayers.Normalization.adapted(),
        decode("Normalization", "{\"axis\": [-1], \"mean\": null, \"variance\": null, \"invert\": false}"));
    // EfficientNet's: the channels of an image, counted with the batch axis.
    assertEquals(PreprocessingLayers.Normalization.adapted(),
        decode("Normalization", "{\"axis\": [3], \"mean\": null, \"variance\": null, \"invert\": false}"));
    PreprocessingLayers.Normalization given = (PreprocessingLayers.Normalization) decode("Normalization",
        "{\"axis\": -1, \"mean\": [0.485, 0.456, 0.406], \"variance\": [0.052, 0.05, 0.05]}");
    assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, given.mean());
    assertEquals(new PreprocessingLayers.Resizing(224, 200, Reshaping.Interpolation.BILINEAR),
        decode("Resizing", "{\"height\": 224, \"width\": 200, \"interpolation\": \"bilinear\","
            + " \"crop_to_aspect_ratio\": false}"));
    assertTrue(refusal("Resizing", "{\"height\": 2, \"width\": 2, \"crop_to_aspect_ratio\": true}")
        .contains("crop_to_aspect_ratio"));
    assertEquals(new PreprocessingLayers.CenterCrop(200, 100), decode("CenterCrop", "{\"height\": 200, \"width\": 100}"));
    assertEquals(new ApplicationLayers.LayerScale(1e-6f, 96),
        decode("LayerScale", "{\"init_values\": 1e-06, \"projection_dim\": 96}"));
  }

  /** The shared decoding already reads Keras 3 configs: every layer of the real Keras 3.15 zoo decodes. */
  @Test
  void everyLayerOfTheKeras3LayerZooDecodes() throws Exception {
    try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(TestFiles.keras("k3_functional_layer_zoo.h5"))) {
      JsonObject root = JsonParser.parseString((String) h5.getAttribute("model_config").getData()).getAsJsonObject();
      int decoded = 0;
      for (JsonElement e : root.getAsJsonObject("config").getAsJsonArray("layers")) {
        JsonObject layer = e.getAsJsonObject();
        KerasLayers.decode(layer.get("name").getAsString(), layer.get("class_name").getAsString(),
            layer.getAsJsonObject("config"), true);
        decoded++;
      }
      assertEquals(16, decoded);
    }
  }

  @Test
  void unknownClassesAreRefusedWithTheirReason() {
    assertTrue(refusal("Lambda", "{\"function\": \"...\"}").contains("Python code"));
    assertTrue(refusal("LSTM", "{\"units\": 4}").contains("recurrent"));
    assertTrue(refusal("MyCustomBlock", "{}").contains("custom class"));
    assertTrue(refusal("Conv1D", "{}").contains("1-D or 3-D"));
  }
}
