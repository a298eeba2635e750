package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPathsTest {
  @TempDir Path dir;

  @Test
  void baseNameDropsOnlyTheLastExtension() {
    assertEquals("chelsea", ExportPaths.baseName(Path.of("/x/chelsea.png")));
    assertEquals("my.cat", ExportPaths.baseName(Path.of("my.cat.jpeg")));
    assertEquals(".hidden", ExportPaths.baseName(Path.of(".hidden")));
    assertEquals("noext", ExportPaths.baseName(Path.of("noext")));
  }

  @Test
  void uniqueCountsUpFromTwo() {
    assertEquals("chelsea", ExportPaths.unique("chelsea", Set.of()::contains));
    assertEquals("chelsea-2", ExportPaths.unique("chelsea", Set.of("chelsea")::contains));
    assertEquals("chelsea-4", ExportPaths.unique("chelsea", Set.of("chelsea", "chelsea-2", "chelsea-3")::contains));
  }

  @Test
  void createFolderForNeverReusesAFolderOrAFile() throws IOException {
    Path first = ExportPaths.createFolderFor(dir, Path.of("/photos/chelsea.png"));
    assertEquals(dir.resolve("chelsea"), first);
    Files.writeString(first.resolve("mine.txt"), "the user's");
    Files.writeString(dir.resolve("chelsea-2"), "a file, not a folder");

    Path second = ExportPaths.createFolderFor(dir, Path.of("chelsea.jpg"));
    assertEquals(dir.resolve("chelsea-3"), second);
    assertTrue(Files.isDirectory(second));
    try (var s = Files.list(second)) {
      assertEquals(0, s.count(), "a new folder is empty");
    }
    assertEquals("the user's", Files.readString(first.resolve("mine.txt")));
    assertEquals("a file, not a folder", Files.readString(dir.resolve("chelsea-2")));
  }

  @Test
  void createFolderForMakesMissingParents() throws IOException {
    Path folder = ExportPaths.createFolderFor(dir.resolve("a/b"), Path.of("cat.png"));
    assertEquals(dir.resolve("a/b/cat"), folder);
    assertTrue(Files.isDirectory(folder));
  }

  @Test
  void defaultFolderIsTheRememberedOneThenPicturesThenHome() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    assertEquals(home, ExportPaths.defaultFolder(null, home), "no Pictures folder: home");
    Path pictures = Files.createDirectories(home.resolve("Pictures"));
    assertEquals(pictures, ExportPaths.defaultFolder(null, home));
    assertEquals(pictures, ExportPaths.defaultFolder("  ", home));
    assertEquals(pictures, ExportPaths.defaultFolder(dir.resolve("gone").toString(), home), "deleted since");
    Path remembered = Files.createDirectories(dir.resolve("exports"));
    assertEquals(remembered, ExportPaths.defaultFolder(remembered.toString(), home));
    // Never the working folder, whatever it is.
    Path cwd = Path.of("").toAbsolutePath();
    assertTrue(!ExportPaths.defaultFolder(null, home).equals(cwd));
  }

  @Test
  void defaultFileNameStartsWithTheImageName() {
    assertEquals("chelsea-conv2.png", ExportPaths.defaultFileName(Path.of("/s/chelsea.png"), "conv2.png"));
    assertEquals("chelsea-layers.csv", ExportPaths.defaultFileName(Path.of("chelsea.png"), "layers.csv"));
    assertEquals("filters.png", ExportPaths.defaultFileName(null, "filters.png"));
    assertEquals("cat-block_1_conv_a_b_.npy", ExportPaths.defaultFileName(Path.of("cat.png"), "block/1\\conv:a*b?.npy"));
  }

  @Test
  void withExtensionAppendsOnlyWhenMissing() {
    assertEquals(Path.of("/a/b.png"), ExportPaths.withExtension(Path.of("/a/b"), ".png"));
    assertEquals(Path.of("/a/b.PNG"), ExportPaths.withExtension(Path.of("/a/b.PNG"), ".png"));
    assertEquals(Path.of("/a/b.csv.npy"), ExportPaths.withExtension(Path.of("/a/b.csv"), ".npy"));
  }
}
