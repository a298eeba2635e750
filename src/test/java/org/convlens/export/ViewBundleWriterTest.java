package org.convlens.export;

import org.convlens.model.ResNet50V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.convlens.model.Prediction;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.MosaicOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewBundleWriterTest {
  @TempDir Path dir;

  private static Tensor random(Random rnd, int... shape) {
    float[] d = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rnd.nextGaussian();
    }
    return Tensor.of(d, shape);
  }

  /** The real stage shapes of ResNet50V2 (they render in well under a second). */
  private static Activations resnetActivations() {
    Random rnd = new Random(42);
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("conv1_conv", random(rnd, 112, 112, 64));
    m.put("conv2_block3_out", random(rnd, 28, 28, 256));
    m.put("conv3_block4_out", random(rnd, 14, 14, 512));
    m.put("conv4_block6_out", random(rnd, 7, 7, 1024));
    m.put("conv5_block3_out", random(rnd, 7, 7, 2048));
    m.put("conv3/odd name", random(rnd, 14, 14, 10));
    return new Activations(m);
  }

  @Test
  void writesEveryViewWithProvenance() throws IOException {
    ViewBundle bundle = ViewBundle.builder(resnetActivations(),
            new RunInfo("ResNet50V2", "resnet50v2_weights.h5", "cat.jpg", false))
        .stages(stageLayers())
        .extraLayers(List.of("conv3/odd name"))
        .kernel("conv1_conv", random(new Random(1), 7, 7, 3, 64))
        .predictions(List.of(new Prediction(285, "Egyptian cat", 0.6f)))
        .mosaic(MosaicOptions.defaults().withOrder(ChannelOrder.MEAN))
        .build();
    Path out = dir.resolve("export");
    List<Path> files = ViewBundleWriter.write(out, bundle);

    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("filters.png", "conv1.png", "conv2.png", "conv3.png", "conv4.png", "conv5.png",
        "conv3_odd_name.png", "predictions.json", "index.html"), names);
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(Set.copyOf(files), Set.copyOf(s.toList()), "nothing else, no temp files");
    }

    Map<String, String> conv2 = PngText.read(out.resolve("conv2.png"));
    assertEquals("conv2_block3_out", conv2.get("Layer"));
    assertEquals("conv2", conv2.get("Stage"));
    assertEquals("ResNet50V2", conv2.get("Model"));
    assertEquals("cat.jpg", conv2.get("Source image"));
    assertEquals("64 most active by mean, of 256", conv2.get("Channels"));
    assertEquals("per-channel min-max", conv2.get("Normalisation"));
    assertEquals("viridis", conv2.get("Colormap"));
    assertEquals(64, conv2.get("Channel indices").split(",").length);
    assertEquals("(7, 7, 3, 64)", PngText.read(out.resolve("filters.png")).get("Kernel shape"));

    BufferedImage conv5 = ImageIO.read(out.resolve("conv5.png").toFile());
    assertEquals(8 * 70 + 7 * 2, conv5.getWidth()); // 7x7 maps at 10x, 8 x 8 tiles
    BufferedImage filters = ImageIO.read(out.resolve("filters.png").toFile());
    assertEquals(4 * (4 * 28 + 3 * 2) + 3 * 12, filters.getWidth()); // four blocks of 16 filters
    assertEquals(16 * 28 + 15 * 2, filters.getHeight());

    String html = Files.readString(out.resolve("index.html"));
    for (String n : names.subList(0, 7)) {
      assertTrue(html.contains("src=\"" + n + "\""), n);
    }
    assertTrue(html.contains("Egyptian cat"));
    assertTrue(html.contains("<dd>resnet50v2_weights.h5</dd>"), "the sheet says which weights");
    assertTrue(html.contains(", viridis"), "colormaps in plain words");
    for (String code : List.of("VIRIDIS", "GRAY", "MAGMA", "DIVERGING")) {
      assertTrue(!html.contains(code), code + " in the contact sheet");
    }
    assertEquals("gray", PngText.read(out.resolve("filters.png")).get("Colormap"));
    assertTrue(Files.readString(out.resolve("predictions.json")).contains("\"classIndex\": 285"));
  }

  @Test
  void missingLayerFailsBeforeWritingAnything() {
    ViewBundle bundle = ViewBundle.builder(resnetActivations(), new RunInfo("m", "w", "i", true))
        .stages(Map.of("conv9", "no_such_layer")).build();
    Path out = dir.resolve("never");
    NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ViewBundleWriter.write(out, bundle));
    assertTrue(e.getMessage().contains("no_such_layer"));
    assertTrue(Files.notExists(out));
  }

  @Test
  void withoutKernelOrPredictionsWritesOnlyMosaicsAndIndex() throws IOException {
    ViewBundle bundle = ViewBundle.builder(resnetActivations(), new RunInfo("m", "random", "i.png", true))
        .extraLayers(List.of("conv5_block3_out")).build();
    List<Path> files = ViewBundleWriter.write(dir, bundle);
    assertEquals(List.of(dir.resolve("conv5_block3_out.png"), dir.resolve("index.html")), files);
    assertEquals("random (untrained)", PngText.read(files.get(0)).get("Weights"));
    assertTrue(Files.readString(files.get(1)).contains("<p class=\"warning\">Untrained weights"));
  }

  @Test
  void clashingNamesGetSuffixes() {
    Set<String> used = new java.util.HashSet<>();
    assertEquals("filters", ViewBundleWriter.uniqueName("filters", used));
    assertEquals("filters-2", ViewBundleWriter.uniqueName("Filters", used).toLowerCase());
    assertEquals("a_b", ViewBundleWriter.uniqueName("a/b", used));
    assertEquals("_", ViewBundleWriter.uniqueName("..", used)); // never a hidden or parent name
  }

  private static Map<String, String> stageLayers() {
    Map<String, String> stages = new LinkedHashMap<>();
    ResNet50V2.STAGES.forEach(s -> stages.put(s.name(), s.layer()));
    return stages;
  }
}
