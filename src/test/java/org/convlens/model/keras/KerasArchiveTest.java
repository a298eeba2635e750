package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken {@code .keras} archives, made here: each is refused with one sentence naming the problem,
 * before anything runs, and nothing is written outside the private temporary folder (which is removed).
 */
class KerasArchiveTest {
  private static final String CONFIG = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {"
      + "\"name\": \"tiny\", \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": "
      + "{\"batch_shape\": [null, 4, 4, 1], \"name\": \"in\"}}, {\"module\": \"keras.layers\", \"class_name\": "
      + "\"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3], \"use_bias\": true}}]}}";
  private static final String METADATA = "{\"keras_version\": \"3.15.1\"}";

  @TempDir Path dir;
  private Set<String> tempBefore;

  @BeforeEach
  void rememberTempFolders() throws IOException {
    tempBefore = ourTempFolders();
  }

  @AfterEach
  void noTempFolderIsLeft() throws IOException {
    assertEquals(tempBefore, ourTempFolders(), "the private temporary folder is removed");
  }

  private static Set<String> ourTempFolders() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("convlens-keras-"))
          .collect(Collectors.toSet());
    }
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path sub = Files.createDirectories(dir.resolve("a").resolve("b"));
    Path file = sub.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private Map<String, byte[]> model(byte[] weights) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", METADATA.getBytes(StandardCharsets.UTF_8));
    entries.put("config.json", CONFIG.getBytes(StandardCharsets.UTF_8));
    if (weights != null) {
      entries.put("model.weights.h5", weights);
    }
    return entries;
  }

  /** A Keras 3 weights file for the tiny model: {@code layers/conv2d/vars/<i>} with the given variables. */
  private byte[] weights(Map<String, Tensor> vars) throws IOException {
    Path h5 = dir.resolve("w" + System.nanoTime() + ".h5");
    List<KerasWeight> list = vars.entrySet().stream().map(e -> new KerasWeight(e.getKey(), e.getValue())).toList();
    KerasH5Writer.write(h5, List.of(new KerasLayer("layers/conv2d/vars", list)));
    return Files.readAllBytes(h5);
  }

  private static String refusal(Path file) {
    return UserMessages.assertPlain(assertThrows(KerasFormatException.class, () -> KerasModel.read(file, null)));
  }

  @Test
  void aWellFormedArchiveOpens() throws IOException {
    Map<String, Tensor> vars = new LinkedHashMap<>();
    vars.put("0", Tensor.zeros(3, 3, 1, 2));
    vars.put("1", Tensor.of(new float[] {0.5f, -1}, 2));
    KerasModel m = KerasModel.read(zip("ok.keras", model(weights(vars))), null);
    assertEquals(List.of("in", "c"), m.graph().layerNames());
    assertArrayEquals(new float[] {0.5f, -1}, m.weights().get("c").get(1).data());
    assertEquals("3.15.1", m.kerasVersion());
  }

  private static String tensor(String layer) {
    return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 4, 3], \"dtype\": \"float32\","
        + " \"keras_history\": [\"" + layer + "\", 0, 0]}}";
  }

  private static String conv(String name, int filters, String args) {
    return "{\"module\": \"keras.layers\", \"class_name\": \"Conv2D\", \"name\": \"" + name + "\", \"config\": {"
        + "\"name\": \"" + name + "\", \"filters\": " + filters + ", \"kernel_size\": [1, 1], \"use_bias\": false}"
        + (args == null ? "" : ", \"inbound_nodes\": [{\"args\": [" + args + "], \"kwargs\": {}}]") + "}";
  }

  @Test
  void aSequentialInsideAFunctionalAndAnOperationBindByKerasKeys() throws IOException {
    String config = "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {"
        + "\"name\": \"f\", \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", "
        + "\"name\": \"img\", \"config\": {\"batch_shape\": [null, 4, 4, 3], \"name\": \"img\"},"
        + " \"inbound_nodes\": []}, {\"module\": \"keras\", \"class_name\": \"Sequential\", \"name\": \"stem\","
        + " \"config\": {\"name\": \"stem\", "
        + "\"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": "
        + "[null, 4, 4, 3], \"name\": \"stem_in\"}}, " + conv("stem_conv", 3, null) + "]},"
        + " \"inbound_nodes\": [{\"args\": ["
        + tensor("img") + "], \"kwargs\": {\"mask\": null}}]}, "
        + "{\"module\": \"keras.src.ops.numpy\", \"class_name\": \"Add\", \"registered_name\": \"Add\", \"name\": "
        + "\"add\", \"config\": {\"name\": \"add\"}, \"inbound_nodes\": [{\"args\": [" + tensor("img") + ", "
        + tensor("stem") + "], \"kwargs\": {}}]}, " + conv("head", 2, tensor("add"))
        + "], \"input_layers\": [\"img\", 0, 0], \"output_layers\": [\"head\", 0, 0]}}";
    Path h5 = dir.resolve("nested.weights.h5");
    KerasH5Writer.write(h5, List.of(
        new KerasLayer("layers/sequential/layers/conv2d/vars", List.of(new KerasWeight("0", Tensor.zeros(1, 1, 3, 3)))),
        new KerasLayer("layers/conv2d/vars", List.of(new KerasWeight("0", Tensor.of(new float[] {1, 2, 3, 4, 5, 6},
            1, 1, 3, 2))))));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
    entries.put("model.weights.h5", Files.readAllBytes(h5));
    KerasModel m = KerasModel.read(zip("nested.keras", entries), null);
    assertEquals(List.of("img", "stem/stem_conv", "add", "head"), m.graph().layerNames());
    assertEquals(List.of("img", "stem/stem_conv"), m.graph().layer("add").inbound());
    assertEquals(6, m.weights().get("head").get(0).data()[5], "the operation takes no key: head is conv2d");
    assertEquals(3, m.weights().get("stem/stem_conv").get(0).shape()[3]);
  }

  @Test
  void aKeras213ArchiveCountsEachLayerWithWeightsTwice() throws IOException {
    String two = CONFIG.replace("\"use_bias\": true}}]", "\"use_bias\": false}}, {\"module\": \"keras.layers\", "
        + "\"class_name\": \"Conv2D\", \"config\": {\"name\": \"d\", \"filters\": 1, \"kernel_size\": [2, 2], "
        + "\"use_bias\": false}}]").replace("\"class_name\": \"Sequential\"", "\"class_name\": \"Sequential\", "
        + "\"module\": \"keras.src.engine.sequential\"");
    Path h5 = dir.resolve("k213.h5");
    String root = "_layer_checkpoint_dependencies/";
    KerasH5Writer.write(h5, List.of(
        new KerasLayer(root + "conv2d/vars", List.of(new KerasWeight("0", Tensor.zeros(3, 3, 1, 2)))),
        new KerasLayer(root + "conv2d_2/vars", List.of(new KerasWeight("0", Tensor.of(new float[] {1, 2, 3, 4,
            5, 6, 7, 8}, 2, 2, 2, 1))))));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", "{\"keras_version\": \"2.13.1\"}".getBytes(StandardCharsets.UTF_8));
    entries.put("config.json", two.getBytes(StandardCharsets.UTF_8));
    entries.put("model.weights.h5", Files.readAllBytes(h5));
    KerasModel m = KerasModel.read(zip("k213.keras", entries), null);
    assertEquals("2.13.1", m.kerasVersion());
    assertEquals(8, m.weights().get("d").get(0).data()[7]);
  }

  @Test
  void anEntryPointingOutsideIsRefused() throws IOException {
    Map<String, byte[]> entries = model(new byte[] {1});
    entries.put("../../evil", "x".getBytes(StandardCharsets.UTF_8));
    Path file = zip("evil.keras", entries);
    String m = refusal(file);
    assertTrue(m.contains("points outside it ('../../evil')"), m);
    assertFalse(Files.exists(file.getParent().resolve("../../evil").normalize()));
    assertFalse(Files.exists(dir.resolve("evil")));
  }

  @Test
  void anAbsoluteEntryIsRefused() throws IOException {
    Map<String, byte[]> entries = model(new byte[] {1});
    entries.put("/tmp/convlens-evil", "x".getBytes(StandardCharsets.UTF_8));
    String m = refusal(zip("absolute.keras", entries));
    assertTrue(m.contains("absolute name ('/tmp/convlens-evil')"), m);
    assertFalse(Files.exists(Path.of("/tmp/convlens-evil")));
  }

  @Test
  void aZipBombIsRefusedBeforeInflating() throws IOException {
    String m = refusal(zip("bomb.keras", model(new byte[40 << 20])));
    assertTrue(m.contains("zip bomb"), m);
    assertTrue(m.contains("over 100 times its own"), m);
  }

  @Test
  void aDuplicateEntryIsRefused() throws IOException {
    Map<String, byte[]> entries = model(new byte[] {1});
    entries.put("config.jsoX", "{}".getBytes(StandardCharsets.UTF_8));
    Path file = zip("twice.keras", entries);
    // ZipOutputStream will not write a name twice: rename the second one in place (same length).
    byte[] bytes = Files.readAllBytes(file);
    String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("config.jsoX", "config.json");
    Files.write(file, latin.getBytes(StandardCharsets.ISO_8859_1));
    String m = refusal(file);
    assertTrue(m.contains("lists 'config.json' twice"), m);
  }

  @Test
  void aLambdaLayerIsRefusedByNameBeforeAnythingRuns() throws IOException {
    Map<String, byte[]> entries = model(new byte[] {1}); // weights never read: the config is refused first
    entries.put("config.json", CONFIG.replace("\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\"",
        "\"class_name\": \"Lambda\", \"config\": {\"name\": \"code\", \"function\": {\"class_name\": "
            + "\"__lambda__\", \"config\": {\"code\": \"4wEAAAAA\"}}").getBytes(StandardCharsets.UTF_8));
    String m = refusal(zip("lambda.keras", entries));
    assertTrue(m.contains("layer 'code' (Lambda): it holds Python code, which ConvLens never runs"), m);
  }

  @Test
  void missingWeightsAreRefused() throws IOException {
    String m = refusal(zip("noweights.keras", model(null)));
    assertTrue(m.contains("has no model.weights.h5"), m);
  }

  @Test
  void aMissingVariableIsRefused() throws IOException {
    String m = refusal(zip("short.keras", model(weights(Map.of("0", Tensor.zeros(3, 3, 1, 2))))));
    assertTrue(m.contains("layer 'c' needs 2 variables but the weights file has 1"), m);
    Map<String, Tensor> gap = new LinkedHashMap<>();
    gap.put("0", Tensor.zeros(3, 3, 1, 2));
    gap.put("2", Tensor.zeros(2));
    m = refusal(zip("gap.keras", model(weights(gap))));
    assertTrue(m.contains("variable 1 of layer 'c' is missing"), m);
  }

  @Test
  void aWronglyShapedVariableIsRefused() throws IOException {
    Map<String, Tensor> vars = new LinkedHashMap<>();
    vars.put("0", Tensor.zeros(3, 3, 1, 2));
    vars.put("1", Tensor.zeros(3));
    String m = refusal(zip("shape.keras", model(weights(vars))));
    assertTrue(m.contains("variable 1 (bias) of layer 'c'") && m.contains("has shape (3,) but the layer needs (2,)"),
        m);
  }

  @Test
  void anHdf5FileUnderAKerasNameIsReadAsHdf5() throws IOException {
    Path file = dir.resolve("renamed.keras");
    Files.write(file, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0});
    String m = refusal(file);
    assertTrue(m.contains("HDF5"), m);
    assertFalse(m.contains("zip"), m);
  }
}
