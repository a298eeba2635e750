package org.convlens.cli;

import static org.convlens.cli.CliRun.run;
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
import java.util.SplittableRandom;
import org.convlens.export.NpyReader;
import org.convlens.export.NpyWriter;
import org.convlens.export.PngText;
import org.convlens.model.keras.KerasLayer;
import org.convlens.model.keras.KerasWeight;
import org.convlens.model.keras.KerasWeightsReader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line on Keras model files of the user's own: {@code --model FILE} and {@code --preprocess}. */
class CliModelFileTest {
  private static final String CAT = "sample-images/chelsea.png";
  private static final String RESNET8 = "k2_full_functional_resnet8_add_bn_mlperftiny.h5";

  private static String keras(String name) {
    return TestFiles.keras(name).toString();
  }

  /**
   * A whole-model Keras 2 file whose input is 6 high and 10 wide: a 3x3 convolution, a nested-looking weightless
   * layer {@code base/gap} and, when {@code head} is given, a Dense layer of that many units.
   */
  private static Path wideModel(String name, int head, String extraLayer) {
    StringBuilder layers = new StringBuilder()
        .append("{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input_1\", \"batch_input_shape\": "
            + "[null, 6, 10, 3], \"dtype\": \"float32\"}},")
        .append("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 4, \"kernel_size\": "
            + "[3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", "
            + "\"dilation_rate\": [1, 1], \"groups\": 1, \"activation\": \"relu\", \"use_bias\": true}}");
    if (extraLayer != null) {
      layers.append(",{\"class_name\": \"Activation\", \"config\": {\"name\": \"" + extraLayer
          + "\", \"activation\": \"linear\"}}");
    }
    if (head > 0) {
      layers.append(",{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"base/gap\", "
              + "\"data_format\": \"channels_last\"}}")
          .append(",{\"class_name\": \"Dense\", \"config\": {\"name\": \"head\", \"units\": " + head
              + ", \"activation\": \"linear\", \"use_bias\": true}}");
    }
    String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"" + name + "\", \"layers\": ["
        + layers + "]}}";
    SplittableRandom random = new SplittableRandom(5);
    List<KerasLayer> weights = new java.util.ArrayList<>(List.of(new KerasLayer("conv", List.of(
        new KerasWeight("conv/kernel:0", randomTensor(random, 3, 3, 3, 4)),
        new KerasWeight("conv/bias:0", randomTensor(random, 4))))));
    if (head > 0) {
      weights.add(new KerasLayer("head", List.of(
          new KerasWeight("head/kernel:0", randomTensor(random, 4, head)),
          new KerasWeight("head/bias:0", randomTensor(random, head)))));
    }
    Path file = TestModels.newFolder("wide").resolve(name + ".h5");
    KerasH5Writer.write(file, weights, KerasH5Writer.Options.variableLengthStrings().fullModel(config));
    return file;
  }

  private static Tensor randomTensor(SplittableRandom random, int... shape) {
    float[] data = new float[(int) Tensor.sizeOf(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextDouble(-1, 1);
    }
    return Tensor.of(data, shape);
  }

  @Test
  void summaryOfAModelFileHasKerasTotals() {
    CliRun r = run("summary", "--model", keras(RESNET8));
    assertEquals(0, r.code(), r.err());
    // Keras's totals: every weight the file holds; non-trainable are the batch-norm moving statistics.
    List<KerasWeight> saved = KerasWeightsReader.read(TestFiles.keras(RESNET8)).weightedLayers().stream()
        .flatMap(l -> l.weights().stream()).toList();
    long total = saved.stream().mapToLong(w -> w.value().size()).sum();
    long frozen = saved.stream().filter(w -> w.name().contains("moving_")).mapToLong(w -> w.value().size()).sum();
    assertTrue(frozen > 0 && total > frozen);
    assertTrue(r.out().contains(String.format("Total params: %,d%n", total)), r.out());
    assertTrue(r.out().contains(String.format("Non-trainable params: %,d%n", frozen)), r.out());
    assertTrue(r.out().contains("add_2") && r.out().contains("(None, 8, 8, 64)"), r.out());
  }

  @Test
  void summaryJsonHasTotalsAndEveryLayer() {
    CliRun r = run("summary", "--model", keras(RESNET8), "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    long total = json.get("total_params").getAsLong();
    assertEquals(total, json.get("trainable_params").getAsLong() + json.get("non_trainable_params").getAsLong());
    JsonArray layers = json.getAsJsonArray("layers");
    long sum = 0;
    for (JsonElement e : layers) {
      JsonObject layer = e.getAsJsonObject();
      for (String key : List.of("name", "class_name", "output_shape", "params")) {
        assertTrue(layer.has(key), key + " in " + layer);
      }
      sum += layer.get("params").getAsLong();
    }
    assertEquals(total, sum);
    JsonObject input = layers.get(0).getAsJsonObject();
    assertEquals("InputLayer", input.get("class_name").getAsString());
    assertEquals("[null,32,32,3]", input.get("output_shape").toString());
    assertTrue(json.get("weights").getAsString().contains(RESNET8), r.out());
  }

  @Test
  void predictOnAHeadThatIsNotImageNetsPrintsUnitsAndSaysThePreprocessing() {
    CliRun r = run("predict", CAT, "--model", keras(RESNET8), "--top", "3");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.stream().allMatch(l -> l.matches(" ?\\d+\\. unit \\d: \\S+")), r.out());
    assertTrue(r.err().contains("Preprocessing: tf (the default for a model Keras does not ship"), r.err());

    CliRun json = run("predict", CAT, "--model", keras(RESNET8), "--top", "10", "--json", "--preprocess", "unit");
    assertEquals(0, json.code(), json.err());
    JsonObject root = JsonParser.parseString(json.out()).getAsJsonObject();
    assertEquals("unit", root.get("preprocessing").getAsString());
    JsonArray predictions = root.getAsJsonArray("predictions");
    assertEquals(10, predictions.size());
    JsonObject first = predictions.get(0).getAsJsonObject();
    assertTrue(first.get("label").isJsonNull(), first.toString());
    double sum = 0;
    for (JsonElement e : predictions) {
      sum += e.getAsJsonObject().get("output").getAsDouble();
    }
    assertEquals(1.0, sum, 1e-4, "the head is a softmax over 10 classes");
    assertTrue(json.err().contains("Preprocessing: unit (--preprocess)"), json.err());
  }

  @Test
  void aNonSquareModelSeesTheImageSquashedToItsSize() throws Exception {
    Path model = wideModel("wide", 3, null);
    Path out = TestModels.newFolder("wide-npy");
    CliRun r = run("activations", CAT, "--model", model.toString(), "--out", out.toString(), "--layers", "conv");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {4, 8, 4}, NpyReader.read(out.resolve("conv.npy")).shape());
    assertArrayEquals(new int[] {3}, NpyReader.read(out.resolve("head.npy")).shape(), "the output vector too");
    CliRun predict = run("predict", CAT, "--model", model.toString(), "--top", "2");
    assertEquals(0, predict.code(), predict.err());
    assertEquals(2, predict.out().strip().lines().count(), predict.out());
  }

  @Test
  void aNestedLayerIsWrittenInASubFolder() throws Exception {
    Path model = wideModel("nested", 3, null);
    Path out = TestModels.newFolder("nested-npy");
    CliRun r = run("activations", CAT, "--model", model.toString(), "--out", out.toString(), "--layers", "base/gap");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {4}, NpyReader.read(out.resolve("base").resolve("gap.npy")).shape());
  }

  @Test
  void aLayerNameThatWouldLeaveTheFolderIsRefusedBeforeAnythingRuns() throws Exception {
    Path model = wideModel("escape", 0, "../escape");
    Path parent = TestModels.newFolder("escape-parent");
    Path out = parent.resolve("out");
    CliRun r = run("activations", CAT, "--model", model.toString(), "--out", out.toString(), "--layers",
        "../escape");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("'../escape'") && r.err().contains("'..'"), r.err());
    assertFalse(Files.exists(parent.resolve("escape.npy")));
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aModelWithoutAVectorOutputHasNoPredictionsAndThatIsNoError() {
    Path model = wideModel("maps", 0, null);
    CliRun r = run("predict", CAT, "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("No predictions") && r.out().contains("(4, 8, 4)")
        && r.out().contains("convlens activations"), r.out());
  }

  @Test
  void activationsOfAPreprocessedArrayReproduceKerasPredictions() throws Exception {
    // The repository's own input (float64, a batch of 5) and what Keras's model.predict returned for it.
    Path out = TestModels.newFolder("array-npy");
    String model = keras("k2_full_sequential_cnn_bn_dl4j.h5");
    CliRun r = run("activations", "--model", model, "--input", keras("k2_full_sequential_cnn_bn_dl4j.input.npy"),
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("Preprocessing: none"), r.err());
    Tensor expected = NpyReader.read(TestFiles.keras("k2_full_sequential_cnn_bn_dl4j.predictions.npy"));
    String output = r.out().lines().filter(l -> l.contains("(5, 1)")).findFirst().orElseThrow();
    Tensor ours = NpyReader.read(Path.of(output.substring(0, output.indexOf("  "))));
    assertArrayEquals(expected.shape(), ours.shape());
    assertArrayEquals(expected.data(), ours.data(), 1e-5f);

    // One sample without its batch dimension: the files have none either.
    Tensor all = NpyReader.read(TestFiles.keras("k2_full_sequential_cnn_bn_dl4j.input.npy"));
    Path one = TestModels.newFolder("array-one").resolve("one.npy");
    NpyWriter.write(one, Tensor.of(java.util.Arrays.copyOfRange(all.data(), 300, 600), 10, 10, 3));
    Path outOne = TestModels.newFolder("array-one-out");
    CliRun single = run("activations", "--model", model, "--input", one.toString(), "--out", outOne.toString());
    assertEquals(0, single.code(), single.err());
    String line = single.out().lines().filter(l -> l.endsWith("(1,)")).findFirst().orElseThrow();
    assertEquals(expected.data()[1], NpyReader.read(Path.of(line.substring(0, line.indexOf("  ")))).data()[0],
        1e-5f);
  }

  @Test
  void anArrayOfTheWrongShapeIsRefusedSayingBothShapes() throws Exception {
    Path array = TestModels.newFolder("bad-array").resolve("x.npy");
    NpyWriter.write(array, Tensor.zeros(1, 10, 3));
    CliRun r = run("activations", "--model", keras("k2_full_sequential_cnn_bn_dl4j.h5"), "--input",
        array.toString(), "--out", TestModels.newFolder("bad-array-out").toString());
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("(1, 10, 3)") && r.err().contains("(10, 10, 3)"), r.err());
    CliRun both = run("activations", CAT, "--model", "mobilenet", "--input", array.toString(), "--out", "x");
    assertEquals(Cli.EXIT_ERROR, both.code());
    assertTrue(both.err().contains("one of them"), both.err());
  }

  @Test
  void aModelThatDoesNotTakeRgbImagesPointsToArrays() {
    CliRun r = run("predict", CAT, "--model", keras("k2_full_sequential_depthwise_bn_gap_tinymaix.h5"));
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("1-channel input") && r.err().contains("--input ARRAY.npy"), r.err());
  }

  @Test
  void aModelWithoutAConv2DExportsEverythingButTheFilters() throws Exception {
    // Its first convolution is a SeparableConv2D: no kernel that looks at pixels directly.
    Path out = TestModels.newFolder("export-sepconv");
    CliRun r = run("export", CAT, "--model", keras("k2_full_functional_sepconv2d_tfkeras_dl4j.h5"),
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(out.resolve("filters.png")));
    assertTrue(Files.isRegularFile(out.resolve("stage1.png")) && Files.isRegularFile(out.resolve("index.html")));
  }

  /** The real RGB CNN files that open today, whatever their head: every command runs on them. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"k2_full_sequential_cnn_bn_dl4j.h5", RESNET8,
      "k2_full_functional_mobilenet_vww96_tinymaix.h5", "k2_full_functional_sepconv2d_tfkeras_dl4j.h5"})
  void everyCommandRunsOnARealModelFile(String name) throws Exception {
    Path out = TestModels.newFolder("real-export");
    assertEquals(0, run("summary", "--model", keras(name)).code());
    CliRun predict = run("predict", CAT, "--model", keras(name), "--json");
    assertEquals(0, predict.code(), predict.err());
    CliRun export = run("export", CAT, "--model", keras(name), "--out", out.toString());
    assertEquals(0, export.code(), export.err());
    assertTrue(Files.isRegularFile(out.resolve("index.html")), export.out());
    CliRun activations = run("activations", CAT, "--model", keras(name), "--out", out.resolve("npy").toString());
    assertEquals(0, activations.code(), activations.err());
  }

  @Test
  void declaredPreprocessingReachesEveryExportedFile() throws Exception {
    Path out = TestModels.newFolder("export-caffe");
    CliRun r = run("export", CAT, "--model", "mobilenet", "--preprocess", "caffe", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("caffe", PngText.read(out.resolve("stage5.png")).get("Preprocessing"));
    String json = Files.readString(out.resolve("predictions.json"));
    assertEquals("caffe", JsonParser.parseString(json).getAsJsonObject().get("preprocessing").getAsString());
    assertTrue(Files.readString(out.resolve("index.html")).contains("<dt>Preprocessing</dt><dd>caffe</dd>"));
  }

  @Test
  void theBundledMobileNetKeepsKerassTfMode() {
    CliRun r = run("predict", CAT, "--model", "MobileNet", "--top", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("Preprocessing: tf (Keras's mode for mobilenet_0.25_224"), r.err());
    assertTrue(r.out().contains("Egyptian cat"), r.out());
  }

  @Test
  void aModelValueThatIsNeitherANameNorAFileSaysBoth() {
    CliRun r = run("summary", "--model", "resnet9000");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("resnet9000: no such file") && r.err().contains("resnet50v2, mobilenet"), r.err());
    CliRun json = run("summary", "--model", keras("k2_arch_sequential_conv2d_1layer_hls4ml.json"));
    assertEquals(Cli.EXIT_ERROR, json.code());
    assertTrue(json.err().contains("--weights"), json.err());
  }

  @Test
  void everyCommandHasHelpAndItSaysAModelIsANameOrAFile() {
    for (String command : List.of("summary", "predict", "activations", "export", "download")) {
      CliRun help = run(command, "--help");
      assertEquals(0, help.code(), command + ": " + help.err());
      assertTrue(help.out().startsWith("Usage: convlens " + command), help.out());
    }
    CliRun r = run("predict", "--help");
    assertTrue(r.out().contains("NAME|FILE") && r.out().contains("--preprocess"), r.out() + r.err());
  }

  @Test
  void anOpenInputSizeIsTheOneAskedFor() throws Exception {
    // MTCNN's 12-net takes any size (None x None) and has two outputs.
    String mtcnn = keras("k2_full_functional_multioutput_prelu_mtcnn12net_dl4j.h5");
    CliRun at48 = run("summary", "--model", mtcnn, "--input-size", "48");
    assertEquals(0, at48.code(), at48.err());
    assertTrue(at48.out().contains("(None, 48, 48, 3)"), at48.out());
    CliRun byDefault = run("summary", "--model", mtcnn);
    assertTrue(byDefault.out().contains("(None, 224, 224, 3)"), byDefault.out());
    CliRun bad = run("summary", "--model", mtcnn, "--input-size", "0");
    assertEquals(Cli.EXIT_ERROR, bad.code());
    assertTrue(bad.err().contains("--input-size 0"), bad.err());
  }

}
