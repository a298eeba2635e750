package org.convlens.model.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.convlens.image.Preprocessing;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.convlens.model.NetworkStage;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.keras.KerasArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our builders of Xception, InceptionV3, EfficientNetB0 and ConvNeXtTiny against what real Keras 3.15 wrote for
 * {@code keras.applications.NAME(weights=None)} ({@code src/test/resources/keras-apps/}): every row of
 * {@code model.summary()} in order (a nested Sequential's rows under {@code outer/inner}), and the graph the generic
 * importer reads from Keras's own config, layer for layer.
 */
class ApplicationBuildersBTest {
  private static final Path DIR = Path.of("src", "test", "resources", "keras-apps");

  /** One builder, the ground truth file's name, and the layer its notop graph's feature maps end with. */
  record App(String file, String name, int inputSize, List<NetworkStage> stages, String predictions,
      Function<Boolean, LayerGraph> graph, String lastFeatures) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<App> apps() {
    return Stream.of(
        new App("Xception", Xception.NAME, Xception.INPUT_SIZE, Xception.STAGES, Xception.PREDICTIONS,
            Xception::graph, "block14_sepconv2_act"),
        new App("InceptionV3", InceptionV3.NAME, InceptionV3.INPUT_SIZE, InceptionV3.STAGES, InceptionV3.PREDICTIONS,
            InceptionV3::graph, "mixed10"),
        new App("EfficientNetB0", EfficientNetB0.NAME, EfficientNetB0.INPUT_SIZE, EfficientNetB0.STAGES,
            EfficientNetB0.PREDICTIONS, EfficientNetB0::graph, "top_activation"),
        new App("ConvNeXtTiny", ConvNeXtTiny.NAME, ConvNeXtTiny.INPUT_SIZE, ConvNeXtTiny.STAGES,
            ConvNeXtTiny.PREDICTIONS, ConvNeXtTiny::graph, "add_17"));
  }

  @ParameterizedTest
  @MethodSource("apps")
  void matchesKerasSummaryRowByRow(App app) throws Exception {
    JsonObject keras = JsonParser.parseString(Files.readString(DIR.resolve(app.file() + ".summary.json")))
        .getAsJsonObject();
    LayerGraph g = app.graph().apply(true);
    assertEquals(app.name(), g.name());
    JsonObject nested = keras.getAsJsonObject("nested");
    List<JsonArray> rows = new ArrayList<>();
    for (JsonElement e : keras.getAsJsonArray("layers")) {
      String name = e.getAsJsonArray().get(0).getAsString();
      if (nested.has(name)) {
        for (JsonElement inner : nested.getAsJsonArray(name)) {
          JsonArray row = inner.getAsJsonArray().deepCopy();
          row.set(0, new JsonPrimitive(name + "/" + row.get(0).getAsString()));
          rows.add(row);
        }
      } else {
        rows.add(e.getAsJsonArray());
      }
    }
    ModelSummary ours = ModelSummary.of(g);
    assertEquals(rows.size(), ours.rows().size(), "rows");
    for (int i = 0; i < rows.size(); i++) {
      JsonArray row = rows.get(i);
      ModelSummary.Row our = ours.rows().get(i);
      String where = "row " + i + " (" + row.get(0).getAsString() + ")";
      assertEquals(row.get(0).getAsString(), our.layer(), where);
      assertEquals(row.get(1).getAsString(), our.type(), where);
      JsonArray shape = row.get(2).getAsJsonArray();
      int[] expected = new int[shape.size() - 1];
      for (int d = 1; d < shape.size(); d++) {
        expected[d - 1] = shape.get(d).getAsInt();
      }
      assertArrayEquals(expected, our.outputShape(), where);
      assertEquals(row.get(3).getAsLong(), our.params(), where);
    }
    assertEquals(keras.get("total_params").getAsLong(), ours.totalParams());
    assertEquals(keras.get("trainable_params").getAsLong(), ours.trainableParams());
    assertEquals(keras.get("non_trainable_params").getAsLong(), ours.nonTrainableParams());
    assertEquals(app.inputSize(), keras.getAsJsonArray("input_shape").get(1).getAsInt());
    assertEquals(app.predictions(), g.outputLayer());
  }

  @ParameterizedTest
  @MethodSource("apps")
  void importerReadsKerasConfigAsTheSameGraph(App app) throws Exception {
    Path file = DIR.resolve(app.file() + ".config.json");
    LayerGraph imported = KerasArchitecture.parse(file, Files.readString(file), "3.15.1");
    LayerGraph built = app.graph().apply(true);
    assertEquals(imported.name(), built.name());
    assertEquals(imported.layerNames(), built.layerNames());
    for (Layer ours : built.layers()) {
      Layer theirs = imported.layer(ours.name());
      assertEquals(theirs.inbound(), ours.inbound(), ours.name());
      assertTrue(sameConfig(theirs.config(), ours.config()),
          ours.name() + ": imported " + theirs.config() + ", built " + ours.config());
      assertArrayEquals(imported.outputShape(ours.name()), built.outputShape(ours.name()), ours.name());
      assertTrue(imported.trainable(ours.name()));
    }
  }

  /** Keras's {@code preprocess_input} mode; "none" is a pass-through, the model scaling raw 0-255 RGB itself. */
  @ParameterizedTest
  @MethodSource("apps")
  void preprocessingIsTheApplicationsOwn(App app) throws Exception {
    JsonObject keras = JsonParser.parseString(Files.readString(DIR.resolve(app.file() + ".summary.json")))
        .getAsJsonObject();
    String mode = keras.get("preprocessing").getAsString();
    assertEquals(mode.equals("none") ? Preprocessing.RAW : Preprocessing.valueOf(mode.toUpperCase(Locale.ROOT)),
        Preprocessing.forApplication(app.name()).orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("apps")
  void notopGraphIsTheTopGraphWithoutItsHead(App app) {
    List<Layer> top = app.graph().apply(true).layers();
    LayerGraph notop = app.graph().apply(false);
    int end = top.stream().map(Layer::name).toList().indexOf(app.lastFeatures());
    List<Layer> expected = new ArrayList<>(top.subList(0, end + 1));
    if (app.file().equals("ConvNeXtTiny")) {
      // Keras's convnext.py ends a headless model with an unnamed LayerNormalization.
      assertEquals("layer_normalization", notop.outputLayer());
      assertEquals(List.of(app.lastFeatures()), notop.layer("layer_normalization").inbound());
      assertEquals("LayerNormalization", notop.layer("layer_normalization").type());
      expected.add(notop.layer("layer_normalization"));
    }
    assertEquals(expected.stream().map(Layer::name).toList(), notop.layerNames());
    assertFalse(notop.contains(app.predictions()));
    assertEquals(3, notop.outputShape(notop.outputLayer()).length);
  }

  @ParameterizedTest
  @MethodSource("apps")
  void stagesAreFeatureMapsFromLargeToSmall(App app) {
    LayerGraph g = app.graph().apply(false);
    int previous = Integer.MAX_VALUE;
    assertTrue(app.stages().size() >= 4);
    for (NetworkStage stage : app.stages()) {
      int[] shape = g.outputShape(stage.layer());
      assertEquals(3, shape.length, stage.layer());
      assertTrue(shape[0] <= previous, stage.layer());
      assertTrue(stage.name().length() <= 8, stage.name());
      previous = shape[0];
    }
    String last = app.stages().get(app.stages().size() - 1).layer();
    assertArrayEquals(g.outputShape(g.outputLayer()), g.outputShape(last), "the last stage is the final feature map");
  }

  /** Record equality, with arrays compared by content (records compare array fields by identity). */
  private static boolean sameConfig(LayerConfig a, LayerConfig b) {
    if (a == null || b == null || a.getClass() != b.getClass()) {
      return false;
    }
    try {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        Object x = c.getAccessor().invoke(a);
        Object y = c.getAccessor().invoke(b);
        boolean same = x != null && x.getClass().isArray() ? arraysEqual(x, y) : Objects.equals(x, y);
        if (!same) {
          return false;
        }
      }
      return true;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean arraysEqual(Object x, Object y) {
    if (y == null || !y.getClass().equals(x.getClass()) || Array.getLength(x) != Array.getLength(y)) {
      return false;
    }
    for (int i = 0; i < Array.getLength(x); i++) {
      if (!Array.get(x, i).equals(Array.get(y, i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Keras builds EfficientNetB0 for {@code weights="imagenet"} with one more layer, {@code rescaling_1} after
   * {@code normalization}, scaling each channel by {@code 1 / sqrt(stddev)}; the layers with weights are the same.
   */
  @Test
  void efficientNetsGraphForItsWeightsHasRescaling1() {
    for (boolean top : List.of(true, false)) {
      LayerGraph plain = EfficientNetB0.graph(top);
      LayerGraph official = EfficientNetB0.weightsGraph(top);
      List<String> expected = new ArrayList<>(plain.layerNames());
      expected.add(expected.indexOf("normalization") + 1, "rescaling_1");
      assertEquals(expected, official.layerNames());
      assertEquals(List.of("normalization"), official.layer("rescaling_1").inbound());
      assertEquals(List.of("rescaling_1"), official.layer("stem_conv_pad").inbound());
      assertEquals(plain.weightedLayers(), official.weightedLayers());
      PreprocessingLayers.Rescaling r = (PreprocessingLayers.Rescaling) official.layer("rescaling_1").config();
      double[] stddev = {0.229, 0.224, 0.225};
      for (int c = 0; c < 3; c++) {
        assertEquals(1 / Math.sqrt(stddev[c]), r.scale()[c], 1e-6, "channel " + c);
      }
      assertArrayEquals(new float[] {0f}, r.offset());
    }
  }
}
