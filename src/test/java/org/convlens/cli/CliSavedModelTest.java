package org.convlens.cli;

import static org.convlens.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.export.NpyReader;
import org.convlens.testing.SavedModelFolders;
import org.convlens.testing.TestModels;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line on a TensorFlow SavedModel folder that is not ConvLens's own: {@code --model DIR}. */
class CliSavedModelTest {
  private static final String CAT = "sample-images/chelsea.png";
  private static Path twoMaps;

  @BeforeAll
  static void writeSavedModel() throws Exception {
    twoMaps = SavedModelFolders.twoMaps(TestModels.newFolder("cli-savedmodel").resolve("two_maps"));
  }

  @Test
  void summaryDescribesTheSignature() {
    CliRun r = run("summary", "--model", twoMaps.toString());
    assertEquals(0, r.code(), r.err());
    for (String expected : List.of("edges", "pooled", "scores", "SignatureOutput", "signature 'serving_default'",
        "input 'image' float (?, ?, ?, 3)", "resized to 224 x 224", "(None, None, None, 4)",
        "Parameters: 108, counted from the variables",
        "Filters, Explain and any layer besides these outputs need a Keras model", "Total params: 108", "Trainable params: unknown")) {
      assertTrue(r.out().contains(expected), expected + " in:\n" + r.out());
    }
  }

  @Test
  void summaryJsonListsTheOutputsWithTheirShapes() {
    CliRun r = run("summary", "--model", twoMaps.toString(), "--input-size", "64", "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonArray layers = root.getAsJsonArray("layers");
    assertEquals(List.of("image", "edges", "pooled", "scores"),
        layers.asList().stream().map(l -> l.getAsJsonObject().get("name").getAsString()).toList());
    assertEquals("[null,64,64,3]", layers.get(0).getAsJsonObject().get("output_shape").toString());
    assertEquals("[null,null,null,4]", layers.get(1).getAsJsonObject().get("output_shape").toString());
    assertEquals("[null,4]", layers.get(3).getAsJsonObject().get("output_shape").toString());
    assertTrue(root.get("notes").toString().contains("resized to 64 x 64"), root.get("notes").toString());
    assertEquals(SavedModelFolders.PARAMETERS, root.get("total_params").getAsInt());
    assertTrue(root.get("trainable_params").isJsonNull(), "a SavedModel does not say which variables train");
    assertTrue(root.get("weights").getAsString().contains(twoMaps.toString()), root.toString());
  }

  @Test
  void exportWritesAMosaicForEachRank4Output() throws Exception {
    Path out = TestModels.newFolder("savedmodel-export");
    CliRun r = run("export", CAT, "--model", twoMaps.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("edges.png")) && Files.isRegularFile(out.resolve("pooled.png")),
        r.out());
    assertFalse(Files.exists(out.resolve("filters.png")), "a SavedModel has no kernels of ours to draw");
    assertTrue(r.err().contains("Preprocessing: tf"), r.err());
  }

  @Test
  void activationsAndPredictRunAtTheChosenSize() throws Exception {
    Path out = TestModels.newFolder("savedmodel-npy");
    CliRun r = run("activations", CAT, "--model", twoMaps.toString(), "--input-size", "32", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    try (var files = Files.walk(out)) {
      List<Path> npy = files.filter(p -> p.toString().endsWith(".npy")).toList();
      Path edges = npy.stream().filter(p -> p.getFileName().toString().startsWith("edges")).findFirst()
          .orElseThrow(() -> new AssertionError(npy.toString()));
      Path pooled = npy.stream().filter(p -> p.getFileName().toString().startsWith("pooled")).findFirst()
          .orElseThrow(() -> new AssertionError(npy.toString()));
      assertEquals(List.of(32, 32, 4), shape(NpyReader.read(edges).shape()));
      assertEquals(List.of(16, 16, 4), shape(NpyReader.read(pooled).shape()));
    }
    CliRun predict = run("predict", CAT, "--model", twoMaps.toString(), "--json");
    assertEquals(0, predict.code(), predict.err());
  }

  private static List<Integer> shape(int[] shape) {
    return java.util.Arrays.stream(shape).boxed().toList();
  }

  @Test
  void explanationsSayTheyNeedAKerasModel() {
    Path out = TestModels.newFolder("savedmodel-gradcam");
    for (String command : List.of("gradcam", "maximize")) {
      CliRun r = command.equals("gradcam")
          ? run(command, CAT, "--model", twoMaps.toString(), "--out", out.toString())
          : run(command, "--model", twoMaps.toString(), "--layer", "edges", "--out", out.toString());
      assertEquals(Cli.EXIT_ERROR, r.code(), command + ": " + r.err());
      assertTrue(r.err().contains("is a TensorFlow SavedModel, run as it is; give the model's .keras or .h5 file"),
          command + ": " + r.err());
      assertTrue(UserMessages.problems(r.err()).isEmpty(), UserMessages.problems(r.err()).toString());
    }
  }

  @Test
  void itsSavedModelPbStandsForTheFolder() {
    CliRun r = run("summary", "--model", twoMaps.resolve("saved_model.pb").toString(), "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(SavedModelFolders.PARAMETERS, JsonParser.parseString(r.out()).getAsJsonObject().get("total_params")
        .getAsInt());
  }

  @Test
  void weightsWithAFolderAreRefused() {
    CliRun r = run("summary", "--model", twoMaps.toString(), "--weights", twoMaps.resolve("saved_model.pb").toString());
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("leave out --weights"), r.err());
    assertTrue(UserMessages.problems(r.err()).isEmpty(), UserMessages.problems(r.err()).toString());
  }
}
