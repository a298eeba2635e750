package org.convlens.cli;

import static org.convlens.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convlens.export.NpyReader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** activations and export over folders and patterns, batched, as a user runs them (the bundled MobileNet). */
class CliBatchTest {
  private static final List<String> SAMPLES = List.of("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg");
  private static Path photos;

  @BeforeAll
  static void photos() throws Exception {
    photos = TestModels.newFolder("photos");
    for (String name : SAMPLES) {
      Files.copy(Path.of("sample-images", name), photos.resolve(name));
    }
  }

  @Test
  void aFolderBatchedWritesWhatOneByOneWrites() throws Exception {
    Path one = TestModels.newFolder("one-by-one");
    Path three = TestModels.newFolder("batched");
    CliRun a = run("activations", photos.toString(), "--model", "mobilenet", "--out", one.toString(), "--batch", "1");
    // Batches of 3 over 4 images: a full batch and a last one of 1.
    CliRun b = run("activations", photos.toString(), "--model", "mobilenet", "--out", three.toString(), "--batch", "3");
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    assertTrue(b.err().contains("4 written, 0 failed"), b.err());
    List<Path> files = npyFiles(one);
    assertEquals(SAMPLES.size() * 6, files.size(), files.toString()); // five stages + predictions each
    assertEquals(files.stream().map(one::relativize).toList(), npyFiles(three).stream().map(three::relativize).toList());
    for (Path file : files) {
      Tensor expected = NpyReader.read(file);
      Tensor actual = NpyReader.read(three.resolve(one.relativize(file).toString()));
      double maxDiff = 0;
      double maxAbs = Double.MIN_NORMAL;
      for (int i = 0; i < expected.size(); i++) {
        maxDiff = Math.max(maxDiff, Math.abs((double) expected.data()[i] - actual.data()[i]));
        maxAbs = Math.max(maxAbs, Math.abs(expected.data()[i]));
      }
      assertTrue(maxDiff / maxAbs <= 1e-5, file + ": relative difference " + maxDiff / maxAbs);
    }
  }

  @Test
  void aPatternIsExpandedAndABadImageFailsAloneWithProgress() throws Exception {
    Path mixed = TestModels.newFolder("mixed");
    Files.copy(Path.of("sample-images", "chelsea.png"), mixed.resolve("a-cat.png"));
    Files.writeString(mixed.resolve("b-broken.png"), "not a PNG");
    Files.copy(Path.of("sample-images", "coffee.png"), mixed.resolve("c-coffee.png"));
    Files.copy(Path.of("sample-images", "rocket.jpg"), mixed.resolve("d-rocket.jpg"));
    Path out = TestModels.newFolder("export-pattern");
    CliRun r = run("export", mixed + "/*.png", "--model", "mobilenet", "--out", out.toString(), "--batch", "2",
        "--progress");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("b-broken.png") && r.err().contains("2 written, 1 failed"), r.err());
    assertTrue(Files.isRegularFile(out.resolve("a-cat/index.html")), r.out());
    assertTrue(Files.isRegularFile(out.resolve("c-coffee/predictions.json")), r.out());
    assertFalse(Files.exists(out.resolve("b-broken")), "a failed image leaves nothing");
    assertFalse(Files.exists(out.resolve("d-rocket")), "*.png leaves out the JPEG");
    List<String> progress = r.err().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(3, progress.size(), r.err());
    assertTrue(progress.get(0).matches("\\[1/3] a-cat\\.png  \\d+\\.\\d img/s  ETA \\d+:\\d\\d"), progress.get(0));
    assertTrue(progress.get(2).matches("\\[3/3] c-coffee\\.png  .* ETA 0:00"), progress.get(2));
  }

  @Test
  void aBatchOfZeroIsRefusedBeforeTheModelLoads() {
    CliRun r = run("export", photos.toString(), "--model", "mobilenet", "--out", TestModels.newFolder("x").toString(),
        "--batch", "0");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("--batch 0") && !r.err().contains("Loading"), r.err());
  }

  private static List<Path> npyFiles(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
    }
  }
}
