package org.convlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.convlens.model.weights.DownloadSettings;
import org.convlens.model.weights.WeightsFile;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.pipeline.Application;
import org.convlens.pipeline.Applications;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in models on the command line: {@code --model NAME} for each, untrained (its {@code summary --json} row
 * for row Keras's), and their downloads.
 */
class CliApplicationsTest {
  private static final String CAT = "sample-images/chelsea.png";

  record Result(int code, String out, String err) {}

  static Stream<Application> all() {
    return Applications.all().stream();
  }

  static Stream<Application> downloadable() {
    return all().filter(a -> !a.bundled());
  }

  private static Result run(DownloadSettings downloads, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    WeightsLocator locator = new WeightsLocator(List.of(TestModels.newFolder("no-weights")));
    int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), TestModels.dirs(), locator, downloads);
    return new Result(code, out.toString(), err.toString());
  }

  private static Result run(String... args) {
    return run(DownloadSettings.fromSystemProperties(), args);
  }

  @ParameterizedTest
  @MethodSource("all")
  void untrainedSummaryJsonEqualsKerass(Application app) throws IOException {
    Result r = run("summary", "--model", app.id(), "--untrained", "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject ours = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonObject keras = kerasSummary(app);
    List<JsonArray> rows = kerasRows(keras);
    JsonArray ourRows = ours.getAsJsonArray("layers");
    assertEquals(rows.size(), ourRows.size(), app.id() + " rows");
    for (int i = 0; i < rows.size(); i++) {
      JsonArray row = rows.get(i);
      JsonObject our = ourRows.get(i).getAsJsonObject();
      String where = app.id() + " row " + i + " (" + row.get(0).getAsString() + ")";
      String kind = row.get(1).getAsString();
      assertEquals(name(app, kind, row.get(0).getAsString()), name(app, kind, our.get("name").getAsString()), where);
      assertEquals(row.get(1).getAsString(), our.get("class_name").getAsString(), where);
      assertEquals(row.get(2), our.get("output_shape"), where);
      assertEquals(row.get(3).getAsLong(), our.get("params").getAsLong(), where);
    }
    for (String total : List.of("total_params", "trainable_params", "non_trainable_params")) {
      assertEquals(keras.get(total).getAsLong(), ours.get(total).getAsLong(), app.id() + " " + total);
    }
    assertTrue(ours.get("weights").getAsString().contains("untrained"), r.out());
  }

  @Test
  void theBundledMobileNetRunsUntrainedToo() {
    Result r = run("predict", CAT, "--model", "mobilenet", "--untrained", "--seed", "3", "--top", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("UNTRAINED"), r.out());
    assertTrue(r.err().contains("Preprocessing: tf (Keras's mode for mobilenet_0.25_224"), r.err());
  }

  @Test
  void helpListsEveryBuiltInName() {
    for (String command : List.of("summary", "predict", "activations", "export", "download")) {
      Result r = run(command, "--help");
      assertEquals(0, r.code(), r.err());
      String help = r.out().replaceAll("\\s+", " ");
      Applications.all().stream().filter(a -> !command.equals("download") || !a.bundled())
          .forEach(a -> assertTrue(help.contains(a.id()), command + " --help lacks " + a.id() + ": " + help));
    }
  }

  @Test
  void anUnknownNameThatIsNoFileListsTheNames() {
    for (String command : List.of("summary", "download")) {
      Result r = run(command, "--model", "vgg99");
      assertEquals(Cli.EXIT_ERROR, r.code(), command);
      assertTrue(r.err().contains("vgg99") && r.err().contains(Applications.ids()), r.err());
    }
  }

  @Test
  void theBundledModelHasNothingToDownload() {
    Result r = run("download", "--model", "mobilenet");
    assertEquals(Cli.EXIT_ERROR, r.code());
    assertTrue(r.err().contains("ship inside ConvLens"), r.err());
  }

  /**
   * The named model's own file, from the named model's folder: a payload with the right checksum would need
   * Keras's real file, so a fake one must be refused by that model's checksum (or, where Keras publishes none,
   * taken), and nothing half-written stays.
   */
  @ParameterizedTest
  @MethodSource("downloadable")
  void downloadFetchesThatModelsFileAndChecksIt(Application app) throws Exception {
    byte[] fake = ("fake weights of " + app.id()).getBytes(StandardCharsets.UTF_8);
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, fake.length);
      exchange.getResponseBody().write(fake);
      exchange.close();
    });
    server.start();
    try {
      Path cache = TestModels.newFolder("download-" + app.id());
      for (boolean notop : List.of(false, true)) {
        WeightsFile file = app.weights().files().get(notop ? 1 : 0);
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keras/");
        DownloadSettings settings = DownloadSettings.fromSystemProperties().withBaseUrls(List.of(base))
            .withCacheDir(cache);
        Result r = notop ? run(settings, "download", "--model", app.id(), "--notop")
            : run(settings, "download", "--model", app.id());
        assertEquals("/keras/" + file.fileName(), requests.get(requests.size() - 1));
        if (file.checksum() == null) {
          assertEquals(0, r.code(), r.err());
          assertTrue(Files.isRegularFile(cache.resolve(file.fileName())));
        } else {
          assertEquals(Cli.EXIT_ERROR, r.code(), r.err());
          assertTrue(r.err().contains(file.algorithm() + " " + file.checksum()), r.err());
          assertFalse(Files.exists(cache.resolve(file.fileName())));
        }
      }
      try (var files = Files.list(cache)) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no part file left");
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * A layer's name as compared: the bundled MobileNet is a trained file from Keras 2, which auto-named its two
   * weightless layers {@code input_2} and {@code global_average_pooling2d_1} where Keras 3 says {@code input_layer}
   * and {@code global_average_pooling2d}; the app shows the file's names, so for those two rows only the automatic
   * counter (and Keras 3's {@code input_layer} for {@code input}) is left out. Every other name compares as it is.
   */
  private static String name(Application app, String className, String name) {
    boolean autoNamed = className.equals("InputLayer") || className.equals("GlobalAveragePooling2D");
    return app.bundled() && autoNamed ? name.replaceAll("_\\d+$", "").replaceAll("^input_layer$", "input") : name;
  }

  /** Keras's rows, a nested model's inner rows in its place under {@code outer/inner}, as our summary gives them. */
  private static List<JsonArray> kerasRows(JsonObject keras) {
    JsonObject nested = keras.getAsJsonObject("nested");
    List<JsonArray> rows = new ArrayList<>();
    for (JsonElement e : keras.getAsJsonArray("layers")) {
      String name = e.getAsJsonArray().get(0).getAsString();
      if (!nested.has(name)) {
        rows.add(e.getAsJsonArray());
        continue;
      }
      for (JsonElement inner : nested.getAsJsonArray(name)) {
        JsonArray row = inner.getAsJsonArray().deepCopy();
        row.set(0, new JsonPrimitive(name + "/" + row.get(0).getAsString()));
        rows.add(row);
      }
    }
    return rows;
  }

  private static JsonObject kerasSummary(Application app) throws IOException {
    String name = "/keras-apps/" + app.displayName() + ".summary.json";
    try (InputStream in = CliApplicationsTest.class.getResourceAsStream(name)) {
      assertTrue(in != null, "no Keras summary for " + app.id() + " in test resources: " + name);
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }
}
