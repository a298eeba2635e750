package org.convlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples inside the app are the project's sample-images/, whatever the working folder. */
class SampleImagesTest {
  private static final Path PROJECT_SAMPLES = Path.of("sample-images");
  @TempDir Path cache;

  @Test
  void theListIsExactlyTheProjectsSampleImagesAndTheyTravelWithTheirLicence() throws Exception {
    try (var files = Files.list(PROJECT_SAMPLES)) {
      List<String> images = files.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".md")).sorted().toList();
      assertEquals(images, SampleImages.NAMES);
    }
    assertTrue(SampleImages.class.getResource("samples/SOURCES.md") != null);
    assertTrue(SampleImages.NAMES.contains(SampleImages.FIRST));
  }

  @Test
  void eachSampleUnpacksToTheProjectsBytesAndADamagedCopyIsReplaced() throws Exception {
    SampleImages samples = new SampleImages(cache);
    for (Path file : samples.files()) {
      assertTrue(samples.contains(file));
      samples.unpack(file);
      assertArrayEquals(Files.readAllBytes(PROJECT_SAMPLES.resolve(file.getFileName())), Files.readAllBytes(file));
    }
    Path cat = samples.first();
    Files.write(cat, new byte[] {1, 2, 3});
    samples.unpack(cat);
    assertArrayEquals(Files.readAllBytes(PROJECT_SAMPLES.resolve("chelsea.png")), Files.readAllBytes(cat));
    assertFalse(samples.contains(PROJECT_SAMPLES.resolve("chelsea.png").toAbsolutePath()),
        "only the app's own copies count as samples (the user's files go into Open recent)");
  }
}
