package org.convlens.cli;

import static org.convlens.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.export.NpyReader;
import org.convlens.export.PngText;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/** The command line as a user runs it, on a ResNet50V2 weights file in Keras's layout. */
class CliTest {
  private static final String CAT = "sample-images/chelsea.png";
  private static final String COFFEE = "sample-images/coffee.png";

  private static String weights() {
    return TestModels.resnetWeights().toString();
  }

  @Test
  void summaryPrintsKerasTotals() {
    CliRun r = run("summary", "--weights", weights());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Total params: 25,613,800"), r.out());
    assertTrue(r.out().contains("Non-trainable params: 45,440"), r.out());
    assertTrue(r.out().contains("conv1_conv") && r.out().contains("(None, 112, 112, 64)"), r.out());
  }

  @Test
  void summaryOfTheUntrainedModelSaysSo() {
    CliRun r = run("summary", "--untrained");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Weights: untrained"), r.out());
  }

  @Test
  void predictJsonListsTopClassesInOrder() {
    CliRun r = run("predict", CAT, "--weights", weights(), "--top", "3", "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonArray predictions = json.getAsJsonArray("predictions");
    assertEquals(3, predictions.size());
    double first = predictions.get(0).getAsJsonObject().get("probability").getAsDouble();
    double third = predictions.get(2).getAsJsonObject().get("probability").getAsDouble();
    assertTrue(first >= third && first > 0 && first <= 1, r.out());
  }

  @Test
  void predictWithUntrainedWeightsWarns() {
    CliRun r = run("predict", CAT, "--untrained", "--top", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("UNTRAINED"), r.out());
    assertEquals(3, r.out().strip().split("\n").length, r.out());
  }

  @Test
  void activationsWritesOneNpyPerLayerWithoutBatchDimension() throws Exception {
    Path out = TestModels.newFolder("npy");
    CliRun r = run("activations", CAT, "--weights", weights(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {112, 112, 64}, NpyReader.read(out.resolve("conv1_conv.npy")).shape());
    assertArrayEquals(new int[] {7, 7, 2048}, NpyReader.read(out.resolve("conv5_block3_out.npy")).shape());
    assertArrayEquals(new int[] {1000}, NpyReader.read(out.resolve("predictions.npy")).shape());
    try (var files = Files.list(out)) {
      assertEquals(6, files.count());
    }
  }

  @Test
  void activationsOfChosenLayers() throws Exception {
    Path out = TestModels.newFolder("npy-layers");
    CliRun r = run("activations", CAT, "--weights", weights(), "--out", out.toString(),
        "--layers", "pool1_pool,conv4_block1_preact_relu");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {56, 56, 64}, NpyReader.read(out.resolve("pool1_pool.npy")).shape());
    assertArrayEquals(new int[] {14, 14, 512}, NpyReader.read(out.resolve("conv4_block1_preact_relu.npy")).shape());
  }

  @Test
  void exportWritesEveryViewPerImage() throws Exception {
    Path out = TestModels.newFolder("export");
    CliRun r = run("export", CAT, COFFEE, "--untrained", "--out", out.toString(), "--maps", "16",
        "--order", "max", "--norm", "percentile", "--colormap", "magma");
    assertEquals(0, r.code(), r.err());
    for (String image : List.of("chelsea", "coffee")) {
      for (String file : List.of("filters.png", "conv1.png", "conv2.png", "conv3.png", "conv4.png", "conv5.png",
          "predictions.json", "index.html")) {
        assertTrue(Files.isRegularFile(out.resolve(image).resolve(file)), image + "/" + file);
      }
    }
    var text = PngText.read(out.resolve("coffee/conv3.png"));
    assertEquals("conv3_block4_out", text.get("Layer"));
    assertTrue(text.get("Weights").contains("untrained"), text.toString());
    assertTrue(r.out().contains("UNTRAINED"), r.out());
  }

  @Test
  void unreadableImageIsOneLineOnStderr() throws Exception {
    Path fake = TestModels.newFolder("fake").resolve("notes.png");
    Files.writeString(fake, "this is not an image");
    CliRun r = run("predict", fake.toString(), "--untrained");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("notes.png"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
  }

  @Test
  void verboseAddsTheStackTrace() throws Exception {
    Path fake = TestModels.newFolder("fake-verbose").resolve("empty.jpg");
    Files.write(fake, new byte[0]);
    CliRun r = run("predict", fake.toString(), "--untrained", "--verbose");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void unknownLayerIsNamed() {
    Path out = TestModels.newFolder("bad-layer");
    CliRun r = run("activations", CAT, "--untrained", "--out", out.toString(), "--layers", "conv9_block1_out");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("conv9_block1_out"), r.err());
  }

  @Test
  void missingWeightsFileIsNamed() {
    CliRun r = run("summary", "--weights", "/no/such/weights.h5");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("/no/such/weights.h5"), r.err());
  }

  @Test
  void weightsNotFoundSaysWhereItLookedAndWhatToDo() {
    CliRun r = run("predict", CAT);
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("no-weights") && r.err().contains("--untrained"), r.err());
    assertTrue(r.err().contains("--model mobilenet"), "names the bundled model as the way to run offline: "
        + r.err());
  }

  @Test
  void theBundledMobileNetRunsOfflineWithNoFile() {
    CliRun r = run("predict", CAT, "--model", "mobilenet", "--top", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Egyptian cat"), r.out());
    CliRun refused = run("predict", CAT, "--model", "mobilenet", "--weights", TestFiles.mobileNet().toString());
    assertEquals(Cli.EXIT_ERROR, refused.code());
    assertTrue(refused.err().contains("leave out --weights"), refused.err());
  }

  @Test
  void topLevelHelpListsTheAppsOwnOptions() {
    CliRun r = run("--help");
    assertEquals(0, r.code(), r.err());
    for (String option : List.of("--untrained", "--weights FILE", "--seed N")) {
      assertTrue(r.out().contains(option), option + " in\n" + r.out());
    }
    // Before the commands, and the synopsis says what runs without a command.
    assertTrue(r.out().indexOf("--untrained") < r.out().indexOf("Commands:"), r.out());
    assertTrue(r.out().startsWith("Usage: convlens [--untrained"), r.out());
    // Every option listed is one the app accepts, with the value the listing names.
    for (String[] row : Cli.APP_OPTIONS) {
      String[] words = row[0].split(" ");
      String[] args = words.length == 1 ? new String[] {words[0]} : new String[] {words[0], "7"};
      org.convlens.ui.StartOptions.parse(args);
      assertTrue(org.convlens.ui.StartOptions.USAGE.contains(words[0]), words[0]);
    }
  }

  @Test
  void usageErrorsExitWithTwo() {
    CliRun r = run("predict", CAT, "--top");
    assertEquals(Cli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("--help"), r.err());
  }

  @Test
  void weightsNotFoundPointsToTheDownloadCommand() {
    CliRun r = run("summary");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("convlens download"), r.err());
  }

  /** A local server that answers every request with {@code status} and {@code body}. */
  private static HttpServer serve(int status, byte[] body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
      if (status == 200) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  private static CliRun download(HttpServer server, Path cache) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/resnet/");
    DownloadSettings settings = DownloadSettings.fromSystemProperties()
        .withBaseUrls(List.of(base)).withCacheDir(cache);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new String[] {"download"}, new PrintWriter(out), new PrintWriter(err), TestModels.dirs(),
        new WeightsLocator(List.of(cache)), settings);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void downloadWithAWrongChecksumLeavesNothingBehind() throws Exception {
    Path cache = TestModels.newFolder("download-md5");
    HttpServer server = serve(200, "not the weights".getBytes());
    try {
      CliRun r = download(server, cache);
      assertEquals(Cli.EXIT_ERROR, r.code());
      assertTrue(r.err().contains("3ef43a0b657b3be2300d5770ece849e0"), r.err());
      try (var files = Files.list(cache)) {
        assertEquals(0, files.count());
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void downloadOfAMissingFileNamesTheUrl() throws Exception {
    Path cache = TestModels.newFolder("download-404");
    HttpServer server = serve(404, new byte[0]);
    try {
      CliRun r = download(server, cache);
      assertEquals(Cli.EXIT_ERROR, r.code());
      assertTrue(r.err().contains("/resnet/resnet50v2_weights_tf_dim_ordering_tf_kernels.h5")
          && r.err().contains("404"), r.err());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anotherKerasModelExportsItsFiltersAndChosenLayers() throws Exception {
    Path out = TestModels.newFolder("export-mobilenet");
    String mobilenet = TestFiles.mobileNet().toString();
    CliRun r = run("export", CAT, "--weights", mobilenet, "--layers", "conv_pw_13_relu", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("filters.png")));
    assertTrue(Files.isRegularFile(out.resolve("conv_pw_13_relu.png")));
    assertFalse(Files.exists(out.resolve("conv1.png")), "ResNet's stages do not exist in MobileNet");
    assertEquals("conv_pw_13_relu", PngText.read(out.resolve("stage5.png")).get("Layer"));
    String json = Files.readString(out.resolve("predictions.json"));
    assertTrue(json.contains("Egyptian cat"), json);
  }

  @Test
  void activationsOfAnotherKerasModelDefaultToItsStages() throws Exception {
    Path out = TestModels.newFolder("npy-mobilenet");
    String mobilenet = TestFiles.mobileNet().toString();
    CliRun r = run("activations", CAT, "--weights", mobilenet, "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {112, 112, 16}, NpyReader.read(out.resolve("conv_pw_1_relu.npy")).shape());
    assertArrayEquals(new int[] {7, 7, 256}, NpyReader.read(out.resolve("conv_pw_13_relu.npy")).shape());
    assertArrayEquals(new int[] {1000}, NpyReader.read(out.resolve("predictions.npy")).shape());
    try (var files = Files.list(out)) {
      assertEquals(6, files.count());
    }
  }

  @Test
  void aBatchGoesOnPastABadImageAndLeavesNothingOfIt() throws Exception {
    Path out = TestModels.newFolder("batch-export");
    Path broken = Files.writeString(TestModels.newFolder("batch-in").resolve("broken.png"), "not a picture");
    CliRun r = run("export", CAT, broken.toString(), COFFEE, "--model", "mobilenet", "--out", out.toString());
    assertEquals(Cli.EXIT_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("broken.png") && r.err().contains("not an image"), r.err());
    assertTrue(r.err().contains("2 written, 1 failed"), r.err());
    assertTrue(Files.isRegularFile(out.resolve("chelsea").resolve("index.html")));
    assertTrue(Files.isRegularFile(out.resolve("coffee").resolve("index.html")), "the image after the bad one");
    try (var entries = Files.list(out)) {
      assertEquals(List.of("chelsea", "coffee"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
          "no folder, staging or otherwise, for the bad image");
    }
  }

  @Test
  void failFastStopsAtTheFirstBadImage() throws Exception {
    Path out = TestModels.newFolder("batch-fail-fast");
    Path broken = Files.writeString(TestModels.newFolder("batch-in-2").resolve("broken.png"), "not a picture");
    CliRun r = run("activations", broken.toString(), COFFEE, "--model", "mobilenet", "--fail-fast",
        "--out", out.toString());
    assertEquals(Cli.EXIT_ERROR, r.code(), r.err());
    try (var entries = Files.list(out)) {
      assertEquals(List.of(), entries.toList(), "nothing written after the first failure");
    }
  }

  @Test
  void activationsOfSeveralImagesGetOneFolderEach() throws Exception {
    Path out = TestModels.newFolder("batch-npy");
    CliRun r = run("activations", CAT, COFFEE, "--model", "mobilenet", "--layers", "conv_pw_13_relu",
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {7, 7, 256}, NpyReader.read(out.resolve("coffee").resolve("conv_pw_13_relu.npy"))
        .shape());
    assertTrue(Files.isRegularFile(out.resolve("chelsea").resolve("predictions.npy")));
    assertTrue(r.err().contains("2 written, 0 failed"), r.err());
  }

  @Test
  void aBugIsOnePlainSentenceNamingTheLogNotAJavaMessage() {
    // As a user once read: "error: integer overflow", and Gson's "Cannot invoke ... because ... is null".
    for (Throwable bug : List.of(new ArithmeticException("integer overflow"), new NullPointerException(
        "Cannot invoke \"com.google.gson.JsonElement.getAsString()\" because the return value is null"))) {
      String line = ErrorMessages.describe(ErrorMessages.doing("export"), bug);
      assertEquals("ConvLens could not export the views (internal error; details in the log at "
          + org.convlens.files.UserFolders.logFile() + ")", line);
      assertFalse(line.contains("com.google") || line.contains("overflow"), line);
    }
    assertEquals("the file is damaged", ErrorMessages.describe("export the views",
        new java.io.IOException("the file is damaged")));
  }

  @Test
  void aReadOnlyOutputFolderSaysWhatCouldNotBeDoneAndWhatToDo() {
    String line = ErrorMessages.describe("export the views",
        new java.nio.file.FileSystemException("/media/card/views", null, "Read-only file system"));
    assertEquals("cannot write to /media/card/views: read-only file system; choose another folder with --out, or "
        + "free some space", line);
    // Our own words pass unchanged.
    assertEquals("cannot write a.png: the folder is read-only: /x", ErrorMessages.describe("export the views",
        new java.nio.file.FileSystemException("/x", null, "cannot write a.png: the folder is read-only")));
  }
}
