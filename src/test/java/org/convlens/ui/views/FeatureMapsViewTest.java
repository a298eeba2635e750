package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.convlens.image.RgbImage;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.Convolutions;
import org.convlens.model.Pooling;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.NetworkStage;
import org.convlens.pipeline.Analysis;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.ChannelView;
import org.convlens.viz.Colormap;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.Mosaic;
import org.convlens.viz.MosaicOptions;
import org.convlens.viz.Raster;
import org.convlens.viz.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class FeatureMapsViewTest {
  private final MainViewModel vm = new MainViewModel();
  private final List<Throwable> errors = new ArrayList<>();
  private final Analysis analysis = ViewFixtures.analysis(7);
  private FeatureMapsView view;

  @Start
  void start(Stage stage) {
    view = new FeatureMapsView(vm, TaskRunner.direct(), errors::add);
    stage.setScene(new Scene(new TabPane(view.tab()), 1024, 768)); // the smallest size the issue asks for
    stage.show();
  }

  private static ImageView mosaicImage(FxRobot robot, String stage) {
    return robot.lookup("#mosaicImage-" + stage).queryAs(ImageView.class);
  }

  private TabPane stageTabs(FxRobot robot) {
    return robot.lookup("#stageTabs").queryAs(TabPane.class);
  }

  private Mosaic expected(String layer) {
    return FeatureMosaic.render(analysis.activations().get(layer), vm.mosaicOptionsProperty().get());
  }

  private String zoomLabel(FxRobot robot) {
    return robot.lookup("#mosaicZoomLevel").queryAs(Label.class).getText();
  }

  private void selectStage(FxRobot robot, int i) {
    robot.interact(() -> stageTabs(robot).getSelectionModel().select(i));
  }

  @Test
  void withoutAnAnalysisShowsAPlaceholderAndNothingToExport(FxRobot robot) {
    assertTrue(robot.lookup(n -> n instanceof Label l && l.isVisible()
        && l.getText().equals(FeatureMapsView.NO_ANALYSIS)).tryQuery().isPresent());
    assertNull(mosaicImage(robot, "conv1").getImage());
    assertTrue(view.currentImage().isEmpty());

    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    assertTrue(view.currentImage().isEmpty(), "a network alone gives no feature maps");
    assertTrue(errors.isEmpty());
  }

  @Test
  void oneInnerTabPerStageWithItsLayerInTheTooltip(FxRobot robot) {
    List<String> titles = stageTabs(robot).getTabs().stream().map(t -> t.getText()).toList();
    assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"), titles);
    List<String> tips = stageTabs(robot).getTabs().stream().map(t -> t.getTooltip().getText()).toList();
    assertEquals(List.of("conv1_conv", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out",
        "conv5_block3_out"), tips);
  }

  @Test
  void everyStageTabStaysVisibleWithAChannelOpenAt1024PixelsWide(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    robot.clickOn(centre(mosaicImage(robot, "conv1"), expected("conv1_conv").tiles().get(0).bounds()));
    assertTrue(robot.lookup("#channelPane").query().isVisible());
    assertEquals(1024, robot.lookup("#stageTabs").query().getScene().getWidth());

    TabPane tabs = stageTabs(robot);
    Bounds area = tabs.localToScene(tabs.getLayoutBounds());
    Set<Node> headers = tabs.lookupAll(".tab-header-area .tab");
    assertEquals(5, headers.size());
    for (Node header : headers) {
      Bounds b = header.localToScene(header.getLayoutBounds());
      assertTrue(header.isVisible() && b.getMinX() >= area.getMinX() && b.getMaxX() <= area.getMaxX(),
          "tab header at " + b + " inside " + area);
    }
    Node overflow = tabs.lookup(".control-buttons-tab");
    assertTrue(overflow == null || !overflow.isVisible(), "no overflow menu for the stage tabs");
  }

  @Test
  void anotherNetworkGetsItsOwnStageTabs(FxRobot robot) {
    LayerGraph graph = new LayerGraph("tiny", List.of(
        new Layer("in", new LayerConfig.Input(16, 16, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(4, 3, 3, 1, LayerConfig.Padding.SAME, true), List.of("in")),
        new Layer("pool", new Pooling.MaxPooling2D(2, 2, LayerConfig.Padding.VALID), List.of("conv"))));
    Network tiny = Network.bind(graph, UntrainedWeights.generate(graph, 1), WeightsOrigin.untrained(1));
    robot.interact(() -> vm.setNetwork(tiny));
    List<String> titles = robot.lookup("#stageTabs").queryAs(TabPane.class).getTabs().stream()
        .map(t -> t.getText() + " · " + t.getTooltip().getText()).toList();
    assertEquals(List.of("stage1 · conv", "stage2 · pool"), titles);

    Map<String, Tensor> acts = new LinkedHashMap<>();
    acts.put("conv", ViewFixtures.random(new SplittableRandom(3), 16, 16, 4));
    acts.put("pool", ViewFixtures.random(new SplittableRandom(4), 8, 8, 4));
    robot.interact(() -> vm.setAnalysis(ViewFixtures.analysis(new Activations(acts), new SplittableRandom(5))));
    assertEquals(FeatureMosaic.render(acts.get("pool"), vm.mosaicOptionsProperty().get()).raster().width(),
        mosaicImage(robot, "stage2").getImage().getWidth());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void eachStageShowsItsMosaicAtTheRasterSize(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    for (NetworkStage stage : ResNet50V2.STAGES) {
      Raster r = expected(stage.layer()).raster();
      ImageView image = mosaicImage(robot, stage.name());
      assertEquals(r.width(), image.getImage().getWidth(), stage.name());
      assertEquals(r.height(), image.getImage().getHeight(), stage.name());
      assertEquals(r.width(), image.getFitWidth(), stage.name() + " at zoom 1");
      assertFalse(image.isSmooth());
    }
    assertTrue(errors.isEmpty());
  }

  @Test
  void theInfoLineCountsShownDeadAndNonFiniteChannelsOfTheSelectedStage(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    assertEquals("conv1_conv · 64 of 64 channels · 0 dead · 0 non-finite",
        robot.lookup("#mosaicInfo").queryAs(Label.class).getText());
    selectStage(robot, 1);
    assertEquals("conv2_block3_out · 64 of 256 channels · 3 dead · 0 non-finite",
        robot.lookup("#mosaicInfo").queryAs(Label.class).getText());
  }

  @Test
  void changingTheMosaicOptionsReRendersWithoutANewAnalysis(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    double before = mosaicImage(robot, "conv3").getImage().getWidth();

    robot.interact(() -> vm.mosaicOptionsProperty().set(vm.mosaicOptionsProperty().get().withMaps(16)));

    assertSame(analysis, vm.getAnalysis());
    Raster r16 = expected("conv3_block4_out").raster();
    assertEquals(r16.width(), mosaicImage(robot, "conv3").getImage().getWidth());
    assertNotEquals(before, r16.width());
    selectStage(robot, 2);
    assertEquals("conv3_block4_out · 16 of 512 channels · 0 dead · 0 non-finite",
        robot.lookup("#mosaicInfo").queryAs(Label.class).getText());
  }

  @Test
  void zoomButtonsScaleTheMosaic(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    ImageView image = mosaicImage(robot, "conv1");
    double width = image.getImage().getWidth();
    robot.clickOn("#mosaicZoomIn");
    assertEquals(2 * width, image.getFitWidth());
    robot.clickOn("#mosaicZoomOut").clickOn("#mosaicZoomOut");
    assertEquals(width / 2, image.getFitWidth());
    robot.clickOn("#mosaicZoomFit");
    assertTrue(image.getFitWidth() <= stageTabs(robot).getWidth(), "fit makes the mosaic fit the window");
  }

  @Test
  void clickingATileOpensThatChannelAndTheCursorReadsItsValues(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    Tensor conv1 = analysis.activations().get("conv1_conv");
    Mosaic mosaic = expected("conv1_conv");
    Mosaic.Tile tile = mosaic.tiles().get(1);
    assertFalse(robot.lookup("#channelPane").query().isVisible());

    robot.clickOn(centre(mosaicImage(robot, "conv1"), tile.bounds()));

    Node pane = robot.lookup("#channelPane").query();
    assertTrue(pane.isVisible());
    assertEquals("conv1 · channel " + tile.channel(), robot.lookup("#channelTitle").queryAs(Label.class).getText());
    ChannelView channel = ChannelView.of(conv1, tile.channel());
    Raster large = channel.render(2, Colormap.VIRIDIS); // 112 px maps drawn 2x: about 256 px
    ImageView image = robot.lookup("#channelImage").queryAs(ImageView.class);
    assertEquals(large.width(), image.getImage().getWidth());
    String stats = robot.lookup("#channelStats").queryAs(Label.class).getText();
    assertTrue(stats.contains(String.format("min %.4g", channel.stats().min())), stats);
    assertTrue(stats.contains(String.format("mean %.4g", channel.stats().mean())), stats);

    for (int[] p : new int[][] {{3, 5}, {150, 40}, {201, 222}}) {
      robot.moveTo(image.localToScreen(p[0] + 0.5, p[1] + 0.5));
      float value = channel.valueUnder(p[0], p[1], large.width(), large.height());
      assertEquals(String.format("value %.4g at row %d, column %d", value, p[1] / 2, p[0] / 2),
          robot.lookup("#channelValue").queryAs(Label.class).getText());
    }

    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(large, exported.raster());
    assertEquals("conv1-channel" + tile.channel() + ".png", exported.suggestedFileName());
    assertEquals(Integer.toString(tile.channel()), exported.metadata().get("Channel"));
  }

  @Test
  void theOverlayBlendsTheChannelOverTheModelInput(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    Mosaic.Tile tile = expected("conv3_block4_out").tiles().get(10);
    selectStage(robot, 2);
    robot.clickOn(centre(mosaicImage(robot, "conv3"), tile.bounds()));
    Raster plain = view.currentImage().orElseThrow().raster();

    robot.clickOn("#channelOverlay");

    RgbImage input = analysis.input().image();
    Raster overlay = ChannelView.of(analysis.activations().get("conv3_block4_out"), tile.channel())
        .overlay(Raster.ofRgb(input.width(), input.height(), input.pixels()), Colormap.VIRIDIS, 0.5);
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(overlay, exported.raster());
    assertNotEquals(plain, exported.raster());
    assertEquals(224, robot.lookup("#channelImage").queryAs(ImageView.class).getImage().getWidth());
    assertTrue(exported.metadata().get("Overlay").contains("0.5"));

    robot.clickOn("#channelClose");
    assertFalse(robot.lookup("#channelPane").query().isVisible());
    assertEquals("conv3.png", view.currentImage().orElseThrow().suggestedFileName());
  }

  @Test
  void aNewImageKeepsTheOpenChannelAndShowsItsNewValues(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    selectStage(robot, 1);
    Mosaic.Tile tile = expected("conv2_block3_out").tiles().get(9);
    robot.clickOn(centre(mosaicImage(robot, "conv2"), tile.bounds()));
    assertEquals("conv2 · channel " + tile.channel(), robot.lookup("#channelTitle").queryAs(Label.class).getText());

    Analysis next = ViewFixtures.analysis(8);
    robot.interact(() -> vm.setAnalysis(next));

    assertTrue(robot.lookup("#channelPane").query().isVisible(), "the channel stays open");
    assertEquals(1, stageTabs(robot).getSelectionModel().getSelectedIndex(), "on the same stage");
    assertEquals("conv2 · channel " + tile.channel(), robot.lookup("#channelTitle").queryAs(Label.class).getText());
    ChannelView channel = ChannelView.of(next.activations().get("conv2_block3_out"), tile.channel());
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(channel.render(9, Colormap.VIRIDIS), exported.raster(), "drawn from the new image (28 px x 9)");
    assertEquals("cat.png", exported.metadata().get("Source image"));
    String stats = robot.lookup("#channelStats").queryAs(Label.class).getText();
    assertTrue(stats.contains(String.format("mean %.4g", channel.stats().mean())), stats);

    robot.interact(() -> vm.setAnalysis(null));
    assertFalse(robot.lookup("#channelPane").query().isVisible(), "no image: nothing to show");
  }

  @Test
  void hoveringATileNamesItsChannelEvenWhenSortedByActivity(FxRobot robot) {
    robot.interact(() -> vm.mosaicOptionsProperty().set(MosaicOptions.defaults()
        .withOrder(org.convlens.viz.ChannelOrder.MEAN)));
    robot.interact(() -> vm.setAnalysis(analysis));
    Mosaic mosaic = expected("conv1_conv");
    Mosaic.Tile first = mosaic.tiles().get(0);
    assertNotEquals(0, first.channel(), "sorted: the first tile is not channel 0");

    robot.moveTo(centre(mosaicImage(robot, "conv1"), first.bounds()));

    String text = robot.lookup("#mosaicHover").queryAs(Label.class).getText();
    assertTrue(text.startsWith("channel " + first.channel() + " · "), text);
    assertTrue(text.contains(String.format("mean %.4g", first.stats().mean())), text);
  }

  @Test
  void eachStageKeepsItsOwnZoom(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    ImageView conv1 = mosaicImage(robot, "conv1");
    robot.interact(view::zoomToFit);
    double fitted = conv1.getFitWidth() / conv1.getImage().getWidth();
    assertNotEquals(1.0, fitted);

    selectStage(robot, 3);
    ImageView conv4 = mosaicImage(robot, "conv4");
    assertEquals(conv4.getImage().getWidth(), conv4.getFitWidth(), "conv4 still at 100%");
    assertEquals("100%", zoomLabel(robot));
    robot.interact(view::zoomIn);
    assertEquals(2 * conv4.getImage().getWidth(), conv4.getFitWidth());

    selectStage(robot, 0);
    assertEquals(fitted * conv1.getImage().getWidth(), conv1.getFitWidth(), 1e-9);
    assertEquals(String.format("%.0f%%", fitted * 100), zoomLabel(robot), "the label shows the stage's zoom");
    selectStage(robot, 3);
    assertEquals("200%", zoomLabel(robot));
  }

  @Test
  void enlargedMapsStaySharpAndShrunkenOnesAreSmoothed(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    ImageView image = mosaicImage(robot, "conv1");
    robot.interact(view::zoomIn);
    assertFalse(image.isSmooth(), "nearest neighbour when enlarging: cells keep hard edges");
    robot.interact(view::zoomOut);
    robot.interact(view::zoomOut);
    assertEquals(0.5 * image.getImage().getWidth(), image.getFitWidth());
    assertTrue(image.isSmooth(), "averaged when shrinking");
  }

  @Test
  void theWindowsZoomAndStageActionsActOnTheView(FxRobot robot) {
    robot.interact(() -> vm.setAnalysis(analysis));
    ImageView image = mosaicImage(robot, "conv1");
    double width = image.getImage().getWidth();
    robot.interact(view::zoomIn);
    assertEquals("200%", zoomLabel(robot));
    assertEquals(2 * width, image.getFitWidth());
    robot.interact(view::zoomOut);
    assertEquals("100%", zoomLabel(robot));
    robot.interact(view::zoomToFit);
    Bounds viewport = robot.lookup("#mosaicScroll-conv1").queryAs(javafx.scene.control.ScrollPane.class)
        .getViewportBounds();
    assertTrue(image.getFitWidth() <= viewport.getWidth() + 1 && image.getFitHeight() <= viewport.getHeight() + 1);
    assertTrue(Math.abs(image.getFitWidth() - viewport.getWidth()) < 1
        || Math.abs(image.getFitHeight() - viewport.getHeight()) < 1, "fills one direction");

    robot.interact(() -> assertTrue(view.selectSubTab(1)));
    assertEquals(1, stageTabs(robot).getSelectionModel().getSelectedIndex());
    robot.interact(() -> view.selectSubTab(-2));
    assertEquals(4, stageTabs(robot).getSelectionModel().getSelectedIndex(), "wraps around");
  }

  @Test
  void currentImageIsTheSelectedStagesMosaicWithWhatItShows(FxRobot robot) {
    robot.interact(() -> vm.setNetwork(ViewFixtures.network()));
    robot.interact(() -> vm.setAnalysis(analysis));
    selectStage(robot, 2);
    ViewImage exported = view.currentImage().orElseThrow();
    assertEquals(expected("conv3_block4_out").raster(), exported.raster());
    assertEquals("conv3.png", exported.suggestedFileName());
    Map<String, String> m = exported.metadata();
    assertEquals("resnet50v2", m.get("Model"));
    assertEquals("cat.png", m.get("Source image"));
    assertTrue(m.get("Weights").contains("untrained"));
    assertEquals("conv3_block4_out", m.get("Layer"));
    assertEquals("first 64 of 512", m.get("Channels"));
    assertEquals("per-channel min-max", m.get("Normalisation"));
    assertEquals("viridis", m.get("Colormap"));

    robot.interact(() -> vm.mosaicOptionsProperty().set(MosaicOptions.defaults().withMaps(32)
        .withOrder(org.convlens.viz.ChannelOrder.MEAN).withColormap(Colormap.MAGMA)));
    m = view.currentImage().orElseThrow().metadata();
    assertEquals("32 most active by mean, of 512", m.get("Channels"));
    assertEquals("magma", m.get("Colormap"));
  }

  @Test
  void onlyTheNewestRenderReachesTheScreenEvenIfAnOlderOneFinishesLast(FxRobot robot) {
    ManualTaskRunner slow = new ManualTaskRunner(false); // results arrive even after cancel
    MainViewModel other = new MainViewModel();
    robot.interact(() -> {
      FeatureMapsView v = new FeatureMapsView(other, slow, errors::add);
      other.setAnalysis(analysis);
      other.mosaicOptionsProperty().set(other.mosaicOptionsProperty().get().withMaps(9));
      assertEquals(10, slow.pendingCount(), "five stages, twice");
      for (int i = 9; i >= 0; i--) {
        slow.run(i); // newest first, the stale ones last
      }
      // The view is not on a stage (its inner tabs have no skin), so read what it would export.
      Raster nine = FeatureMosaic.render(analysis.activations().get("conv1_conv"),
          MosaicOptions.defaults().withMaps(9)).raster();
      assertEquals(nine, v.currentImage().orElseThrow().raster());
    });
  }

  @Test
  void aBrokenActivationReportsAnErrorAndLeavesTheOtherStagesWorking(FxRobot robot) {
    Map<String, Tensor> acts = new LinkedHashMap<>(analysis.activations().asMap());
    acts.put("conv2_block3_out", ViewFixtures.random(new SplittableRandom(1), 5, 5)); // rank 2: not a map
    acts.remove("conv4_block6_out");
    Analysis broken = ViewFixtures.analysis(new Activations(acts), new SplittableRandom(2));
    robot.interact(() -> vm.setAnalysis(broken));

    assertEquals(1, errors.size());
    assertTrue(errors.get(0) instanceof IllegalArgumentException);
    assertTrue(robot.lookup(n -> n instanceof Label l && l.getText().startsWith("Could not draw conv2_block3_out:"))
        .tryQuery().isPresent());
    assertTrue(robot.lookup(n -> n instanceof Label l
        && l.getText().startsWith("This analysis has no layer conv4_block6_out (conv4)"))
        .tryQuery().isPresent());
    assertEquals(expected("conv1_conv").raster().width(), mosaicImage(robot, "conv1").getImage().getWidth());
  }

  /** The centre of a tile on screen, through the current zoom. */
  private static Point2D centre(ImageView image, Rect r) {
    double zoom = image.getFitWidth() / image.getImage().getWidth();
    return image.localToScreen((r.x() + r.width() / 2.0) * zoom, (r.y() + r.height() / 2.0) * zoom);
  }
}
