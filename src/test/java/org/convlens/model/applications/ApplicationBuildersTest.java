package org.convlens.model.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.convlens.image.Preprocessing;
import org.convlens.model.LayerGraph;
import org.convlens.model.ModelSummary;
import org.convlens.model.NetworkStage;
import org.convlens.model.ResNet50V2;
import org.convlens.model.keras.KerasArchitecture;
import org.convlens.testing.GraphAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Java-built application against what real Keras 3.15 wrote for it ({@code src/test/resources/keras-apps/}):
 * the summary row by row (name in order, class, output shape, parameters) with Keras's totals, and the graph that
 * the Keras config reads into, layer by layer; the preprocessing mode of its name is Keras's. The notop graph is the
 * top graph without its head.
 */
class ApplicationBuildersTest {
  private static final Path DIR = Path.of("src", "test", "resources", "keras-apps");

  record App(String file, String name, Function<Boolean, LayerGraph> graph, List<NetworkStage> stages,
      String predictions, int inputSize) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Arguments> apps() {
    return Stream.of(
        new App("VGG16", VGG16.NAME, VGG16::graph, VGG16.STAGES, VGG16.PREDICTIONS, VGG16.INPUT_SIZE),
        new App("ResNet50", ResNet50.NAME, ResNet50::graph, ResNet50.STAGES, ResNet50.PREDICTIONS,
            ResNet50.INPUT_SIZE),
        new App("MobileNetV2", MobileNetV2.NAME, MobileNetV2::graph, MobileNetV2.STAGES, MobileNetV2.PREDICTIONS,
            MobileNetV2.INPUT_SIZE),
        new App("DenseNet121", DenseNet121.NAME, DenseNet121::graph, DenseNet121.STAGES, DenseNet121.PREDICTIONS,
            DenseNet121.INPUT_SIZE),
        new App("ResNet50V2", ResNet50V2.NAME, ResNet50V2::graph, ResNet50V2.STAGES, ResNet50V2.PREDICTIONS,
            ResNet50V2.INPUT_SIZE))
        .map(Arguments::of);
  }

  private static JsonObject summary(App app) throws Exception {
    return JsonParser.parseString(Files.readString(DIR.resolve(app.file() + ".summary.json"))).getAsJsonObject();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void summaryMatchesKerasRowByRow(App app) throws Exception {
    JsonObject keras = summary(app);
    LayerGraph graph = app.graph().apply(true);
    ModelSummary ours = ModelSummary.of(graph);
    JsonArray rows = keras.getAsJsonArray("layers");
    assertEquals(rows.size(), ours.rows().size(), "row count");
    for (int i = 0; i < rows.size(); i++) {
      JsonArray row = rows.get(i).getAsJsonArray();
      ModelSummary.Row r = ours.rows().get(i);
      String name = row.get(0).getAsString();
      assertEquals(name, r.layer(), "row " + i);
      assertEquals(row.get(1).getAsString(), r.type(), name);
      assertArrayEquals(shape(row.get(2).getAsJsonArray()), r.outputShape(), name);
      assertEquals(row.get(3).getAsLong(), r.params(), name);
    }
    assertEquals(keras.get("total_params").getAsLong(), ours.totalParams());
    assertEquals(keras.get("trainable_params").getAsLong(), ours.trainableParams());
    assertEquals(keras.get("non_trainable_params").getAsLong(), ours.nonTrainableParams());
    assertEquals(app.name(), graph.name());
    assertEquals(keras.get("preprocessing").getAsString(),
        Preprocessing.forApplication(app.name()).orElseThrow().id(), "the model's preprocessing mode");
    assertArrayEquals(shape(keras.getAsJsonArray("input_shape")), graph.outputShape(graph.input().name()));
    assertEquals(app.inputSize(), graph.outputShape(graph.input().name())[0]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void kerasConfigReadsIntoTheSameGraph(App app) throws Exception {
    String json = Files.readString(DIR.resolve(app.file() + ".config.json"));
    LayerGraph parsed = KerasArchitecture.parse(DIR.resolve(app.file() + ".config.json"), json, "3.15.1");
    LayerGraph built = app.graph().apply(true);
    assertEquals(parsed.name(), built.name());
    GraphAssertions.assertSameGraph(parsed, built);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void notopIsTheTopGraphWithoutItsHeadAndStagesExist(App app) {
    LayerGraph top = app.graph().apply(true);
    LayerGraph notop = app.graph().apply(false);
    assertEquals(app.predictions(), top.outputLayer());
    assertFalse(notop.contains(app.predictions()));
    List<String> names = notop.layerNames();
    assertEquals(top.layerNames().subList(0, names.size()), names, "the notop layers are the top's first ones");
    assertTrue(top.layerNames().size() - names.size() <= 4, "only the head is dropped");
    assertEquals(notop.weightedLayers(), top.weightedLayers().subList(0, notop.weightedLayers().size()));
    assertEquals(5, app.stages().size());
    int previous = Integer.MAX_VALUE;
    for (NetworkStage stage : app.stages()) {
      int[] shape = notop.outputShape(stage.layer());
      assertEquals(3, shape.length, stage.layer());
      assertTrue(shape[0] <= previous, stage.layer() + " is not larger than the stage before it");
      previous = shape[0];
      assertTrue(stage.name().length() <= 8, "short tab name: " + stage.name());
    }
  }

  private static int[] shape(JsonArray withBatch) {
    int[] s = new int[withBatch.size() - 1];
    for (int i = 1; i < withBatch.size(); i++) {
      JsonElement e = withBatch.get(i);
      s[i - 1] = e.getAsInt();
    }
    return s;
  }
}
