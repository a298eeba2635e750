package org.convlens.ui;

import static org.convlens.ui.UiTestSupport.onFx;
import static org.convlens.ui.UiTestSupport.runFx;
import static org.convlens.ui.UiTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.convlens.Versions;
import org.convlens.ui.tasks.FxTaskRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxToolkit;

/**
 * What a desktop launch brings: the window's icon, images given on the command line (the first shown, the rest in
 * Open recent), images handed over by a later launch, and the About dialog with icon and version. One window with
 * untrained weights for the class, tests in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopLaunchTest {
  private Path temp;
  private Path config;
  private FxTaskRunner tasks;
  private Stage stage;
  private MainWindow window;
  private SingleInstance instance;

  @BeforeAll
  void openWindow() throws Exception {
    temp = Files.createTempDirectory("convlens-launch-test");
    config = temp.resolve("config");
    FxToolkit.registerPrimaryStage();
    tasks = new FxTaskRunner();
    FxToolkit.setupFixture(() -> {
      stage = new Stage();
      window = new MainWindow(stage, UiTestSupport.untrained(config), tasks);
      window.show();
      instance = ConvLensApp.listenForLaterLaunches(config, stage, window.controller()).orElseThrow();
    });
  }

  @AfterAll
  void closeWindow() throws Exception {
    instance.close();
    tasks.shutdown();
    runFx(() -> window.controller().close());
    FxToolkit.cleanupStages();
  }

  @Test
  @Order(1)
  void theWindowCarriesTheIconInEverySize() throws Exception {
    List<Image> icons = onFx(() -> List.copyOf(stage.getIcons()));
    assertEquals(AppIcon.SIZES, icons.stream().map(i -> (int) i.getWidth()).toList());
    assertTrue(icons.stream().noneMatch(Image::isError));
  }

  @Test
  @Order(2)
  void imagesFromTheCommandLineShowTheFirstAndPutTheRestInOpenRecent() throws Exception {
    Path first = copy("coffee.png");
    Path second = copy("rocket.jpg");
    Path third = copy("astronaut.png");
    runFx(() -> ConvLensApp.openFiles(window.controller(), List.of(first, second, third)));
    waitFor(120, () -> isShowing(first));
    waitFor(10, () -> window.controller().settings().recentFiles().size() == 3);
    assertEquals(List.of(first.toString(), second.toString(), third.toString()),
        window.controller().settings().recentFiles());
    assertEquals(List.of("coffee.png", "rocket.jpg", "astronaut.png"), onFx(this::recentMenuTexts));
  }

  @Test
  @Order(3)
  void aLaterLaunchHandsItsImagesToThisWindow() throws Exception {
    Path handed = copy("chelsea.png");
    assertTrue(SingleInstance.handOver(config, List.of(handed)), "the window's listener took the file");
    waitFor(120, () -> isShowing(handed));
  }

  @Test
  @Order(4)
  void aboutShowsTheIconAndTheVersionFromThePom() throws Exception {
    String version = Versions.load().app();
    assertNotEquals("?", version, "versions.properties is filtered from the pom");
    runFx(() -> menuItem("About ConvLens").fire());
    waitFor(10, () -> aboutTitle() != null);
    Label title = onFx(this::aboutTitle);
    assertEquals("ConvLens " + version, onFx(title::getText));
    Image icon = onFx(() -> ((ImageView) title.getGraphic()).getImage());
    assertEquals(64, (int) icon.getWidth());
    List<Label> labels = onFx(() -> title.getParent().getChildrenUnmodifiable().stream()
        .filter(n -> n instanceof Label).map(n -> (Label) n).toList());
    assertTrue(labels.size() >= 4, "title, description, versions");
    assertEquals(1, onFx(() -> labels.stream().filter(l -> l.getText().startsWith("ConvLens " + version)).count()),
        "the version is said once, in the title");
    for (Label l : labels) {
      assertTrue(onFx(() -> l.getWidth() >= l.prefWidth(-1) - 0.5), "cut short: " + onFx(l::getText));
    }
    runFx(() -> aboutTitle().getScene().getWindow().hide());
  }

  private Path copy(String sample) throws Exception {
    return Files.copy(UiTestSupport.SAMPLES.resolve(sample), temp.resolve(sample)).toAbsolutePath();
  }

  private boolean isShowing(Path file) {
    var analysis = window.controller().viewModel().getAnalysis();
    return analysis != null && analysis.source().equals(file);
  }

  private List<String> recentMenuTexts() {
    Menu recent = (Menu) menuItem("Open recent");
    // "coffee.png  -  /folder": the name before the dash
    return recent.getItems().stream().map(i -> i.getText().split(" ")[0]).toList();
  }

  private MenuItem menuItem(String text) {
    return window.menuBarNode().getMenus().stream().flatMap(m -> m.getItems().stream())
        .filter(i -> i.getText() != null && i.getText().replace("_", "").equals(text)).findFirst().orElseThrow();
  }

  private Label aboutTitle() {
    for (Window w : Window.getWindows()) {
      Node n = w.getScene() == null ? null : w.getScene().lookup("#aboutTitle");
      if (n instanceof Label l && w.isShowing()) {
        return l;
      }
    }
    return null;
  }
}
