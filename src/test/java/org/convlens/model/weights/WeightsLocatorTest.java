package org.convlens.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.convlens.model.weights.WeightsLocator.Found;
import org.convlens.model.weights.WeightsLocator.Location;
import org.convlens.model.weights.WeightsLocator.NotFound;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsLocatorTest {
  private static final KnownWeights W = KnownWeights.RESNET50_V2;
  private static final String TOP = W.files().get(0).fileName();
  private static final String NOTOP = W.files().get(1).fileName();

  @TempDir Path tmp;
  private Path models;
  private Path keras;
  private WeightsLocator locator;

  @BeforeEach
  void folders() throws IOException {
    models = Files.createDirectories(tmp.resolve("models"));
    keras = Files.createDirectories(tmp.resolve("home/.keras/models"));
    locator = new WeightsLocator(models, keras);
  }

  @Test
  void anExplicitPathWinsOverEveryFolder() throws IOException {
    touch(models.resolve(TOP));
    Path mine = touch(tmp.resolve("my-weights.h5"));

    Found found = assertInstanceOf(Found.class, locator.locate(W, mine));

    assertEquals(mine, found.path());
    assertEquals(Optional.empty(), found.file(), "not a published file name");
  }

  @Test
  void anExplicitPathWithThePublishedNameIsRecognised() throws IOException {
    Path mine = touch(Files.createDirectories(tmp.resolve("elsewhere")).resolve(NOTOP));

    Found found = assertInstanceOf(Found.class, locator.locate(W, mine));

    assertEquals(Optional.of(W.files().get(1)), found.file());
  }

  @Test
  void theModelsFolderComesBeforeKerasCache() throws IOException {
    touch(models.resolve(TOP));
    touch(keras.resolve(TOP));

    Found found = assertInstanceOf(Found.class, locator.locate(W));

    assertEquals(models.resolve(TOP), found.path());
    assertTrue(found.file().orElseThrow().includesTop());
  }

  @Test
  void kerasCacheIsUsedWhenTheModelsFolderIsEmpty() throws IOException {
    touch(keras.resolve(TOP));

    assertEquals(keras.resolve(TOP), assertInstanceOf(Found.class, locator.locate(W)).path());
  }

  @Test
  void notopIsAcceptedWhenThereIsNothingElse() throws IOException {
    touch(keras.resolve(NOTOP));

    Found found = assertInstanceOf(Found.class, locator.locate(W, null));

    assertEquals(keras.resolve(NOTOP), found.path());
    assertEquals(false, found.file().orElseThrow().includesTop());
  }

  @Test
  void theFileWithTheHeadIsPreferredOverNotopInAnEarlierFolder() throws IOException {
    touch(models.resolve(NOTOP));
    touch(keras.resolve(TOP));

    assertEquals(keras.resolve(TOP), assertInstanceOf(Found.class, locator.locate(W)).path());
  }

  @Test
  void partFilesAndFoldersWithTheNameAreIgnored() throws IOException {
    touch(models.resolve(TOP + ".123.part"));
    Files.createDirectories(keras.resolve(TOP));

    assertInstanceOf(NotFound.class, locator.locate(W));
  }

  @Test
  void aMissingExplicitPathIsAnErrorNamingIt() {
    Path missing = tmp.resolve("nope.h5");
    touchQuietly(models.resolve(TOP)); // present, but must not be used as a fallback

    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> locator.locate(W, missing));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void anExplicitFolderIsAnError() {
    FileSystemException e = assertThrows(FileSystemException.class, () -> locator.locate(W, models));

    assertTrue(e.getMessage().contains(models.toString()) && e.getMessage().contains("not a file"),
        e.getMessage());
  }

  @Test
  void notFoundListsEveryPlaceAndWhatToDo() {
    Location result = locator.locate(W);

    NotFound nf = assertInstanceOf(NotFound.class, result);
    assertEquals(List.of(models, keras), nf.folders());
    String m = nf.message("download it with `convlens weights download`");
    assertTrue(m.startsWith("ResNet50V2 weights not found: looked in " + models + ", " + keras + " for "), m);
    assertTrue(m.contains(TOP) && m.contains(NOTOP), m);
    assertTrue(m.endsWith("; download it with `convlens weights download`, or pass --weights FILE, "
        + "or use --untrained"), m);
    assertTrue(nf.message().contains("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
        + TOP), nf.message());
  }

  @Test
  void defaultsSearchModelsTheDownloadCacheKerasHomeAndKerasCacheInOrder() {
    Map<String, String> props = Map.of("user.home", tmp.resolve("home").toString(),
        WeightsDownloader.CACHE_DIR_PROPERTY, tmp.resolve("dl").toString());
    Map<String, String> env = Map.of("KERAS_HOME", tmp.resolve("kh").toString());

    WeightsLocator d = WeightsLocator.withDefaults(props::get, env::get);

    assertEquals(List.of(Path.of("models").toAbsolutePath(), tmp.resolve("dl"), tmp.resolve("kh/models"),
        keras), d.folders());
    Map<String, String> homeOnly = Map.of("user.home", tmp.resolve("home").toString());
    assertEquals(List.of(Path.of("models").toAbsolutePath(), keras),
        WeightsLocator.withDefaults(homeOnly::get, k -> null).folders());
  }

  private static Path touch(Path p) throws IOException {
    return Files.write(p, new byte[] {1});
  }

  private static void touchQuietly(Path p) {
    try {
      touch(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
