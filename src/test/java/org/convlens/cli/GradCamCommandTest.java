package org.convlens.cli;

import static org.convlens.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.convlens.export.NpyReader;
import org.convlens.export.PngText;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/** {@code convlens gradcam} with the bundled MobileNet on the sample cat. */
class GradCamCommandTest {
  private static final String CAT = "sample-images/chelsea.png";

  @Test
  void gradCamWritesTheLayersMapAndAnOverlayThatSaysWhatItShows() throws Exception {
    Path out = TestModels.newFolder("gradcam");
    CliRun r = run("gradcam", CAT, "--model", "mobilenet", "--out", out.toString());
    assertEquals(0, r.code(), r.err());

    Tensor map = NpyReader.read(out.resolve("gradcam.npy"));
    assertArrayEquals(new int[] {7, 7}, map.shape(), "conv_pw_13_relu's grid");
    assertEquals(1f, max(map), 0f);

    BufferedImage png = ImageIO.read(out.resolve("gradcam.png").toFile());
    assertEquals(451, png.getWidth(), "at the image's size");
    assertEquals(300, png.getHeight());
    Map<String, String> text = PngText.read(out.resolve("gradcam.png"));
    assertEquals("gradcam", text.get("Method"));
    assertEquals("285 Egyptian cat", text.get("Class"), "the top class by default");
    assertEquals("conv_pw_13_relu", text.get("Layer"));
    assertTrue(Float.parseFloat(text.get("Score")) > 5, text.toString());
    assertEquals("chelsea.png", text.get("Source image"));
    assertTrue(r.out().contains("Egyptian cat"), r.out());
  }

  @Test
  void saliencyOfAChosenClassIsAtTheInputsSize() throws Exception {
    Path out = TestModels.newFolder("saliency");
    CliRun r = run("gradcam", CAT, "--model", "mobilenet", "--method", "smoothgrad", "--samples", "2",
        "--class", "281", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    Tensor map = NpyReader.read(out.resolve("gradcam.npy"));
    assertArrayEquals(new int[] {224, 224}, map.shape());
    assertEquals(1f, max(map), 0f);
    Map<String, String> text = PngText.read(out.resolve("gradcam.png"));
    assertEquals("smoothgrad", text.get("Method"));
    assertEquals("281 tabby", text.get("Class"));
    assertEquals("2", text.get("Samples"));
    assertTrue(text.get("Display").contains("99th percentile"), text.toString());
  }

  @Test
  void mistakesAreRefusedBeforeAnythingRuns() throws Exception {
    Path out = TestModels.newFolder("gradcam-refused");
    CliRun layer = run("gradcam", CAT, "--model", "mobilenet", "--method", "saliency", "--layer", "conv1",
        "--out", out.toString());
    assertEquals(Cli.EXIT_ERROR, layer.code());
    assertTrue(layer.err().contains("leave out --layer"), layer.err());
    CliRun method = run("gradcam", CAT, "--model", "mobilenet", "--method", "cam++", "--out", out.toString());
    assertTrue(method.err().contains("gradcam, saliency or smoothgrad"), method.err());
    CliRun dense = run("gradcam", CAT, "--model", "mobilenet", "--layer", "reshape_2", "--out", out.toString());
    assertTrue(dense.err().contains("not a feature map"), dense.err());
    CliRun cls = run("gradcam", CAT, "--model", "mobilenet", "--class", "1000", "--out", out.toString());
    assertTrue(cls.err().contains("classes 0 to 999"), cls.err());
    try (var files = Files.list(out)) {
      assertEquals(0, files.count(), "nothing written");
    }
  }

  private static float max(Tensor t) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : t.data()) {
      m = Math.max(m, v);
    }
    return m;
  }
}
