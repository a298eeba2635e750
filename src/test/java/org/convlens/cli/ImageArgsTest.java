package org.convlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders, globs and plain files as the images of a batch command. */
class ImageArgsTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    for (String name : List.of("b.png", "a.JPG", "c.gif", "notes.txt", ".hidden.png", "sub/d.jpeg",
        "sub/deeper/e.bmp", ".convlens-staging-1/f.png")) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x");
    }
  }

  private List<String> names(ImageArgs args) {
    return args.images().stream().map(p -> dir.relativize(p.toAbsolutePath()).toString()).toList();
  }

  @Test
  void aFolderGivesItsImagesSortedWithoutHiddenOrOtherFiles() throws Exception {
    ImageArgs args = ImageArgs.expand(List.of(dir.toString()), false);
    assertEquals(List.of("a.JPG", "b.png", "c.gif"), names(args));
    assertFalse(args.oneFile(), "a folder's images go into one sub-folder each, even one image");
  }

  @Test
  void recursiveAlsoTakesSubFolders() throws Exception {
    ImageArgs args = ImageArgs.expand(List.of(dir.toString()), true);
    assertEquals(List.of("a.JPG", "b.png", "c.gif", "sub/d.jpeg", "sub/deeper/e.bmp"), names(args));
  }

  @Test
  void aGlobIsExpandedInItsFolderOnly() throws Exception {
    assertEquals(List.of("b.png"), names(ImageArgs.expand(List.of(dir + "/*.png"), false)));
    assertEquals(List.of("sub/d.jpeg"), names(ImageArgs.expand(List.of(dir + "/sub/*"), false)));
    assertEquals(List.of("b.png", "c.gif"), names(ImageArgs.expand(List.of(dir + "/[bc].*"), false)));
  }

  @Test
  void aDoubleStarGlobGoesDown() throws Exception {
    assertEquals(List.of("sub/d.jpeg", "sub/deeper/e.bmp"),
        names(ImageArgs.expand(List.of(dir + "/sub/**.{jpeg,bmp}"), false)));
  }

  @Test
  void filesKeepTheirOrderAndOneFileIsSaidSo() throws Exception {
    ImageArgs two = ImageArgs.expand(List.of(dir + "/c.gif", dir + "/a.JPG"), false);
    assertEquals(List.of("c.gif", "a.JPG"), names(two));
    assertFalse(two.oneFile());
    assertTrue(ImageArgs.expand(List.of(dir + "/c.gif"), false).oneFile());
  }

  @Test
  void aMissingFileStaysToFailAsThatImage() throws Exception {
    assertEquals(List.of("gone.png"), names(ImageArgs.expand(List.of(dir + "/gone.png"), false)));
  }

  @Test
  void aFileWhoseNameLooksLikeAPatternIsThatFile() throws Exception {
    Files.writeString(dir.resolve("shot[1].png"), "x");
    assertEquals(List.of("shot[1].png"), names(ImageArgs.expand(List.of(dir + "/shot[1].png"), false)));
  }

  @Test
  void nothingMatchedIsAnErrorThatSaysWhat() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageArgs.expand(List.of(dir + "/*.tiff"), false));
    assertTrue(e.getMessage().contains("*.tiff") && e.getMessage().contains("matches no image"), e.getMessage());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    e = assertThrows(IllegalArgumentException.class, () -> ImageArgs.expand(List.of(empty.toString()), false));
    assertTrue(e.getMessage().contains("no image files") && e.getMessage().contains("--recursive"), e.getMessage());
  }
}
