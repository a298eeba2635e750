package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convlens.pipeline.WeightsChoice;
import org.convlens.ui.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the window tells a TensorFlow SavedModel among dropped and chosen files, and remembers it. */
class SavedModelFilesTest {

  @Test
  void aFolderOrItsSavedModelPbIsAModelAndOpensAsTheFolder(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("exported"));
    Path pb = Files.writeString(folder.resolve("saved_model.pb"), "x");
    assertTrue(WeightsController.isModelFile(folder));
    assertTrue(WeightsController.isModelFile(pb));
    assertFalse(WeightsController.isModelFile(Files.writeString(dir.resolve("cat.png"), "x")));
    assertEquals(folder.toAbsolutePath(), WeightsController.savedModelFolder(pb));
    assertEquals(folder, WeightsController.savedModelFolder(folder));
  }

  @Test
  void anOpenedFolderIsRememberedAndComesBackAsAModel(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("exported")).toAbsolutePath();
    Settings s = WeightsController.remember(Settings.defaults(), new WeightsChoice.Model(folder, null, 96));
    assertEquals(folder.toString(), s.recentModels().get(0));
    assertEquals(new WeightsChoice.Model(folder, null, 96), WeightsController.savedChoice(s));
  }
}
