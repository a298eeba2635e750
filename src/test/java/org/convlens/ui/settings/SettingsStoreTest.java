package org.convlens.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.convlens.viz.ChannelOrder;
import org.convlens.viz.Colormap;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.FilterNormalization;
import org.convlens.viz.MapNormalization;
import org.convlens.viz.MosaicOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryField() throws Exception {
    SettingsStore store = new SettingsStore(dir.resolve("config"));
    Settings s = Settings.defaults()
        .withWindow(new Settings.WindowBounds(10, 20, 1200, 800, true))
        .withImageFolder("/images").withExportFolder("/out").withWeightsFolder("/w")
        .withMosaicOptions(new MosaicOptions(128, ChannelOrder.MAX, MapNormalization.PERCENTILE, Colormap.MAGMA))
        .withDarkMode(true).withWeights("/w/weights.h5", null)
        .withRecentFile("/a.png").withRecentFile("/b.png")
        .withFilterOptions(FilterGridOptions.defaults().withNormalization(FilterNormalization.SYMMETRIC))
        .withModelFile(new Settings.ModelFile("/m/arch.json", "/m/arch.weights.h5", 96))
        .withPreprocessing("/m/arch.json", "caffe").withPreprocessing("/w/other.keras", "raw");
    store.save(s);
    SettingsStore.Loaded loaded = new SettingsStore(dir.resolve("config")).load();
    assertEquals(s, loaded.settings());
    assertTrue(loaded.warning().isEmpty());
    assertEquals(List.of("/b.png", "/a.png"), loaded.settings().recentFiles());
    assertEquals(FilterNormalization.SYMMETRIC, loaded.settings().filterOptions().normalization());
    // Written atomically: no temporary file is left next to it.
    try (var files = Files.list(dir.resolve("config"))) {
      assertEquals(List.of(SettingsStore.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aFileWrittenBeforeModelFilesWereRememberedStillLoads() throws Exception {
    Files.writeString(dir.resolve(SettingsStore.FILE_NAME), "{\"weightsPath\": \"/w/weights.h5\", \"maps\": 32}",
        StandardCharsets.UTF_8);
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    assertTrue(loaded.warning().isEmpty());
    assertEquals("/w/weights.h5", loaded.settings().weightsPath());
    assertNull(loaded.settings().modelFile());
    assertEquals(Map.of(), loaded.settings().preprocessing());
    // and the map can be added to
    assertEquals(Map.of("/w/weights.h5", "unit"),
        loaded.settings().withPreprocessing("/w/weights.h5", "unit").preprocessing());
  }

  @Test
  void missingFileGivesDefaultsWithoutWarning() {
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    assertEquals(Settings.defaults(), loaded.settings());
    assertTrue(loaded.warning().isEmpty());
  }

  @Test
  void corruptFileGivesDefaultsAWarningAndABackup() throws Exception {
    Path file = dir.resolve(SettingsStore.FILE_NAME);
    Files.writeString(file, "{\"darkMode\": tru", StandardCharsets.UTF_8);
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    assertEquals(Settings.defaults(), loaded.settings());
    assertTrue(loaded.warning().orElseThrow().contains(file.toString()), loaded.warning().toString());
    assertEquals("{\"darkMode\": tru", Files.readString(dir.resolve(SettingsStore.FILE_NAME + ".bad")));

    Files.writeString(file, "[1, 2, 3]");
    assertTrue(new SettingsStore(dir).load().warning().isPresent());
    Files.writeString(file, "");
    assertTrue(new SettingsStore(dir).load().warning().isPresent());
  }

  @Test
  void unreadableFileGivesDefaultsAndAWarning() throws Exception {
    Files.createDirectories(dir.resolve(SettingsStore.FILE_NAME)); // a folder where the file should be
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    assertEquals(Settings.defaults(), loaded.settings());
    assertTrue(loaded.warning().isPresent());
  }

  @Test
  void oddValuesAreRepairedNotFatal() throws Exception {
    Files.writeString(dir.resolve(SettingsStore.FILE_NAME), """
        {"maps": 7, "order": "SIDEWAYS", "colormap": "MAGMA",
         "window": {"x": 0, "y": 0, "width": 5, "height": 5, "maximized": false},
         "recentFiles": ["/a.png", null, "/a.png", "", "/b.png"], "unknownField": 1}
        """);
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    Settings s = loaded.settings();
    assertTrue(loaded.warning().isEmpty());
    assertEquals(MosaicOptions.DEFAULT_MAPS, s.maps());
    assertEquals(MosaicOptions.defaults().order(), s.order());
    assertEquals(Colormap.MAGMA, s.colormap());
    assertNull(s.window());
    assertEquals(List.of("/a.png", "/b.png"), s.recentFiles());
    assertFalse(s.darkMode());
  }

  @Test
  void aFileWrittenBeforeTheFilterNormalisationWasRememberedStillLoads() throws Exception {
    // settings.json as the previous version wrote it: every field but filterNormalization.
    Files.writeString(dir.resolve(SettingsStore.FILE_NAME), """
        {"window": null, "imageFolder": "/images", "exportFolder": null, "weightsFolder": null, "maps": 32,
         "order": "MEAN", "normalization": "LAYER", "colormap": "GRAY", "darkMode": true, "weightsPath": null,
         "recentFiles": ["/a.png"]}
        """);
    SettingsStore.Loaded loaded = new SettingsStore(dir).load();
    assertTrue(loaded.warning().isEmpty());
    assertEquals(FilterGridOptions.defaults(), loaded.settings().filterOptions());
    assertEquals(new MosaicOptions(32, ChannelOrder.MEAN, MapNormalization.LAYER, Colormap.GRAY),
        loaded.settings().mosaicOptions());
    assertEquals("/images", loaded.settings().imageFolder());

    Files.writeString(dir.resolve(SettingsStore.FILE_NAME), "{\"filterNormalization\": \"SIDEWAYS\"}");
    assertEquals(FilterGridOptions.defaults(), new SettingsStore(dir).load().settings().filterOptions());
  }

  @Test
  void recentFilesKeepTheTenNewestWithoutDuplicates() {
    Settings s = Settings.defaults();
    for (int i = 0; i < 15; i++) {
      s = s.withRecentFile("/img" + i + ".png");
    }
    s = s.withRecentFile("/img10.png");
    assertEquals(Settings.MAX_RECENT, s.recentFiles().size());
    assertEquals("/img10.png", s.recentFiles().get(0));
    assertEquals(IntStream.of(10, 14, 13, 12, 11, 9, 8, 7, 6, 5).mapToObj(i -> "/img" + i + ".png").toList(),
        s.recentFiles());
  }
}
