package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.model.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextExportTest {
  @TempDir Path dir;

  private final List<Prediction> predictions = List.of(
      new Prediction(285, "Egyptian cat", 0.625f),
      new Prediction(287, "lynx, catamount", 0.125f),
      new Prediction(0, "<script>alert('x')</script> & co", Float.NaN));

  @Test
  void predictionsJsonHasContextAndRankedPredictions() throws IOException {
    Path file = dir.resolve("predictions.json");
    PredictionsJson.write(file, predictions, new RunInfo("ResNet50V2", "weights.h5", "cat.jpg", false));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.contains("\n  \"image\": \"cat.jpg\""), "pretty printed: " + text);
    JsonObject root = JsonParser.parseString(text).getAsJsonObject();
    assertEquals("weights.h5", root.get("weights").getAsString());
    assertFalse(root.get("untrained").getAsBoolean());
    JsonArray list = root.getAsJsonArray("predictions");
    assertEquals(3, list.size());
    JsonObject first = list.get(0).getAsJsonObject();
    assertEquals(1, first.get("rank").getAsInt());
    assertEquals(285, first.get("classIndex").getAsInt());
    assertEquals("Egyptian cat", first.get("label").getAsString());
    assertEquals(0.625f, first.get("probability").getAsFloat());
    assertTrue(list.get(2).getAsJsonObject().get("probability").isJsonNull(), "NaN becomes null");
    assertTrue(text.contains("<script>"), "no HTML escaping in JSON: " + text);
  }

  @Test
  void contactSheetEscapesEverything() {
    String html = ContactSheet.html("Cats & <dogs>", new RunInfo("m<1>", "w&w.h5", "c'at.jpg", false),
        List.of(new ContactSheet.Entry("my \"view\" #1.png", "a <b>bold</b> 'claim'")), predictions);
    assertTrue(html.contains("<title>Cats &amp; &lt;dogs&gt;</title>"));
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assertFalse(html.contains("<script>"));
    assertFalse(html.contains("<b>"));
    assertTrue(html.contains("src=\"my%20%22view%22%20%231.png\""), html);
    assertTrue(html.contains("<figcaption>a &lt;b&gt;bold&lt;/b&gt; &#39;claim&#39;</figcaption>"));
    assertTrue(html.contains("<td class=\"p\">62.50 %</td>"));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<dd>m&lt;1&gt;</dd>") && html.contains("<dd>w&amp;w.h5</dd>")
        && html.contains("<dd>c&#39;at.jpg</dd>"), html);
  }

  @Test
  void contactSheetSaysWhichWeightsAndWarnsAboveThePredictionsWhenUntrained() {
    RunInfo untrained = new RunInfo("resnet50v2", "untrained (random weights, seed 1)", "chelsea.png", true);
    String html = ContactSheet.html("t", untrained, List.of(new ContactSheet.Entry("a.png", "A")), predictions);
    int warning = html.indexOf("<p class=\"warning\">Untrained weights:");
    assertTrue(warning > 0, html);
    assertTrue(warning < html.indexOf("<table>"), "the warning comes before the predictions");
    assertTrue(html.indexOf("<dt>Weights</dt><dd>untrained (random weights, seed 1)</dd>") < html.indexOf("<table>"));
    assertTrue(html.contains("<dt>Model</dt><dd>resnet50v2</dd>"));
    assertTrue(html.contains("<dt>Image</dt><dd>chelsea.png</dd>"));

    // A description that does not say so still gets "untrained" next to it.
    String terse = ContactSheet.html("t", new RunInfo("m", "seed 7", "", true), List.of(), List.of());
    assertTrue(terse.contains("<dd>seed 7 (untrained)</dd>"), terse);
    assertFalse(terse.contains("<dt>Image</dt>"), "no image line for views that have none");
  }

  @Test
  void contactSheetOfTrainedWeightsHasNoWarning() {
    String html = ContactSheet.html("t", new RunInfo("resnet50v2", "resnet50v2_weights.h5", "cat.jpg", false),
        List.of(), predictions);
    assertFalse(html.contains("class=\"warning\""), html);
    assertFalse(html.toLowerCase().contains("untrained"), html);
    assertTrue(html.contains("<dt>Weights</dt><dd>resnet50v2_weights.h5</dd>"));
  }

  @Test
  void contactSheetWithoutPredictionsHasNoTable() throws IOException {
    Path file = dir.resolve("index.html");
    ContactSheet.write(file, "t", new RunInfo("m", "w", "i", false), List.of(new ContactSheet.Entry("a.png", "A")), List.of());
    String html = Files.readString(file);
    assertFalse(html.contains("<table>"));
    assertTrue(html.contains("<img src=\"a.png\""));
  }

  @Test
  void everyExportSaysWhichPreprocessing() {
    RunInfo run = new RunInfo("vgg16", "vgg16.h5", "cat.jpg", false, "caffe");
    assertEquals("caffe", run.metadata().get("Preprocessing"), "the PNG text chunks");
    JsonObject json = JsonParser.parseString(PredictionsJson.toJson(predictions, run)).getAsJsonObject();
    assertEquals("caffe", json.get("preprocessing").getAsString());
    String html = ContactSheet.html("t", run, List.of(), predictions);
    assertTrue(html.contains("<dt>Preprocessing</dt><dd>caffe</dd>"), html);
    // A view that does not depend on an image has none, and says nothing about it.
    assertFalse(new RunInfo("m", "w", "", false).metadata().containsKey("Preprocessing"));
  }

  @Test
  void rawOutputsOfAHeadThatIsNotImageNetsHaveUnitsAndNoNames() {
    List<Prediction> units = List.of(new Prediction(3, null, 0.8125f), new Prediction(0, null, -2.5f));
    RunInfo run = new RunInfo("tiny", "tiny.h5", "cat.jpg", false, "unit");
    JsonArray list = JsonParser.parseString(PredictionsJson.toJson(units, run)).getAsJsonObject()
        .getAsJsonArray("predictions");
    JsonObject first = list.get(0).getAsJsonObject();
    assertEquals(3, first.get("classIndex").getAsInt());
    assertTrue(first.get("label").isJsonNull(), first.toString());
    assertEquals(0.8125f, first.get("output").getAsFloat());
    assertFalse(first.has("probability"), "a raw output is not called a probability: " + first);
    String html = ContactSheet.html("t", run, List.of(), units);
    assertTrue(html.contains("<th>Unit</th><th>Output</th>"), html);
    assertTrue(html.contains("<td>3</td><td class=\"p\">0.8125</td>"), html);
    assertTrue(html.contains("<td class=\"p\">-2.500</td>"), html);
    assertFalse(html.contains("null") || html.contains(" %</td>"), html);
  }
}
