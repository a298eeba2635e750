package org.convlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.convlens.export.PngText;
import org.convlens.model.weights.WeightsLocator;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;

/** {@code convlens maximize} with the bundled MobileNet, a few steps only. */
class MaximizeCommandTest {

  @Test
  void writesOnePicturePerChannelAndAMosaic() throws Exception {
    Path out = TestModels.newFolder("maximize");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    WeightsLocator locator = new WeightsLocator(List.of(TestModels.newFolder("no-weights")));
    int code = Cli.run(new String[] {"maximize", "--model", "mobilenet", "--layer", "conv1", "--channels", "2-3",
        "--steps", "3", "--out", out.toString()}, new PrintWriter(o), new PrintWriter(e), TestModels.dirs(), locator);
    assertEquals(0, code, e.toString());
    for (int channel : new int[] {2, 3}) {
      Path file = out.resolve("conv1-" + channel + ".png");
      BufferedImage png = ImageIO.read(file.toFile());
      assertEquals(224, png.getWidth(), "the model's input size");
      Map<String, String> text = PngText.read(file);
      assertEquals("conv1", text.get("Layer"));
      assertEquals(Integer.toString(channel), text.get("Channel"));
      assertTrue(text.get("Settings").contains("steps 3"), text.toString());
    }
    BufferedImage mosaic = ImageIO.read(out.resolve("mosaic.png").toFile());
    assertEquals(2 * 224 + 3 * 4, mosaic.getWidth(), "two tiles side by side with 4 px gaps");
    assertEquals("2-3", PngText.read(out.resolve("mosaic.png")).get("Channels"));
  }

  @Test
  void channelListsAndRanges() {
    assertEquals(List.of(0, 1, 2, 3), MaximizeCommand.channels("0-3"));
    assertEquals(List.of(0, 4, 7), MaximizeCommand.channels("0,4,7"));
    assertEquals(List.of(5), MaximizeCommand.channels("5"));
    assertThrows(IllegalArgumentException.class, () -> MaximizeCommand.channels("3-1"));
    assertThrows(IllegalArgumentException.class, () -> MaximizeCommand.channels("a"));
  }
}
