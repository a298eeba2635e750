package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.inference.NetworkGradients;
import org.convlens.inference.Progress;
import org.convlens.model.weights.CancellationToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Activation maximisation (and SmoothGrad, the other long explanation) on a small untrained network: it climbs,
 * repeats exactly, reports and stops.
 */
class ActivationMaximizerTest {
  private static final MaximizeSettings SETTINGS = MaximizeSettings.DEFAULT.withSteps(40);
  private static OpenExplainer opened;
  private static ModelService model;
  private static Explainer explainer;

  @BeforeAll
  static void open() throws Exception {
    opened = OpenExplainer.of(new GradientsTest.Tiny(GradientsTest.Head.DENSE_SOFTMAX, 21).network);
    model = opened.model();
    explainer = opened.explainer();
  }

  @AfterAll
  static void close() {
    opened.close();
  }

  @Test
  void climbsDeterministicallyWithinTheInputRange() throws Exception {
    Maximized few = explainer.maximize("bn", 2, SETTINGS.withSteps(1), Progress.NONE, new CancellationToken());
    Maximized first = explainer.maximize("bn", 2, SETTINGS, Progress.NONE, new CancellationToken());
    Maximized again = explainer.maximize("bn", 2, SETTINGS, Progress.NONE, new CancellationToken());
    assertTrue(first.objective() > 2 * Math.max(few.objective(), 1e-3f), few.objective() + " -> " + first.objective());
    assertArrayEquals(first.image().data(), again.image().data(), "same seed, same image");
    assertArrayEquals(new int[] {11, 11, 3}, first.image().shape());
    for (float v : first.image().data()) {
      assertTrue(v >= -1 && v <= 1, "outside the tf range: " + v);
    }
    Maximized other = explainer.maximize("bn", 2, SETTINGS.withSeed(9), Progress.NONE, new CancellationToken());
    assertTrue(!java.util.Arrays.equals(first.image().data(), other.image().data()), "another seed, another start");
  }

  @Test
  void reportsEveryStepAndStopsWhenCancelled() throws Exception {
    List<Double> fractions = new ArrayList<>();
    explainer.maximize("relu", 0, SETTINGS, (message, fraction) -> fractions.add(fraction), new CancellationToken());
    assertEquals(40, fractions.size());
    assertEquals(1.0, fractions.get(39));

    CancellationToken cancel = new CancellationToken();
    List<Double> seen = new ArrayList<>();
    Progress cancelAtFive = (message, fraction) -> {
      seen.add(fraction);
      if (seen.size() == 5) {
        cancel.cancel();
      }
    };
    assertThrows(CancellationException.class, () -> explainer.maximize("relu", 0, SETTINGS, cancelAtFive, cancel));
    assertEquals(5, seen.size());
  }

  @Test
  void smoothGradIsSeededReportsEachRunAndStops() throws Exception {
    org.convlens.tensor.Tensor x = org.convlens.tensor.Tensor.of(
        new GradientsTest.Tiny(GradientsTest.Head.DENSE_SOFTMAX, 4).random(363), 1, 11, 11, 3);
    // A tiny network runs sixteen copies at a time (the most a run takes): 64 copies report after each run.
    SmoothGradSettings copies = new SmoothGradSettings(64, 0.15, 7);
    List<Double> fractions = new ArrayList<>();
    Heatmap a = explainer.smoothGrad(x, 1, copies, (m, f) -> fractions.add(f), new CancellationToken());
    Heatmap b = explainer.smoothGrad(x, 1, copies);
    assertEquals(List.of(0.25, 0.5, 0.75, 1.0), fractions);
    assertArrayEquals(a.map().data(), b.map().data(), "same seed, same map");
    assertArrayEquals(new int[] {11, 11}, a.map().shape());
    assertEquals(Method.SMOOTHGRAD, a.method());
    assertEquals(1, a.classIndex());
    CancellationToken cancel = new CancellationToken();
    cancel.cancel();
    assertThrows(CancellationException.class, () -> explainer.smoothGrad(x, 1, copies, Progress.NONE, cancel));
  }

  @Test
  void smoothGradIsTheMeanSaliencyOfTheSeededNoisyCopies() throws Exception {
    // The definition, copy by copy in Java: what the in-graph reduction and the forward-only clean pass replace.
    org.convlens.tensor.Tensor x = org.convlens.tensor.Tensor.of(
        new GradientsTest.Tiny(GradientsTest.Head.DENSE_SOFTMAX, 6).random(363), 1, 11, 11, 3);
    SmoothGradSettings settings = new SmoothGradSettings(6, 0.2, 5);
    NetworkGradients.ClassGradient clean = model.gradients().classGradient(x, NetworkGradients.TOP_CLASS, "input_1");
    int target = clean.classes()[0];
    double sigma = settings.noise() * InputRange.of(Preprocessing.TF).span();
    java.util.SplittableRandom random = new java.util.SplittableRandom(settings.seed());
    float[] mean = new float[121];
    for (int s = 0; s < settings.samples(); s++) {
      float[] noisy = new float[363];
      for (int i = 0; i < 363; i++) {
        noisy[i] = x.data()[i] + (float) (random.nextGaussian() * (float) sigma);
      }
      org.convlens.tensor.Tensor g = model.gradients().classGradient(
          org.convlens.tensor.Tensor.of(noisy, 1, 11, 11, 3), target, "input_1").gradient();
      float[] map = ClassMaps.saliency(g.reshape(11, 11, 3)).data();
      for (int i = 0; i < 121; i++) {
        mean[i] += map[i] / settings.samples();
      }
    }
    float[] expected = ClassMaps.normalised(org.convlens.tensor.Tensor.of(mean, 11, 11)).data();
    for (int batch : new int[] {1, 4}) {
      Heatmap h = explainer.smoothGrad(x, Explainer.TOP_CLASS, settings, batch, Progress.NONE,
          new CancellationToken());
      assertEquals(target, h.classIndex());
      assertEquals(clean.scores().get(0, target), h.score(), 1e-6);
      assertArrayEquals(expected, h.map().data(), 1e-5f, "batch " + batch);
    }
  }

  @Test
  void smoothGradIsTheSameMapWhateverTheBatchOfNoisyCopies() throws Exception {
    org.convlens.tensor.Tensor x = org.convlens.tensor.Tensor.of(
        new GradientsTest.Tiny(GradientsTest.Head.DENSE_SOFTMAX, 8).random(363), 1, 11, 11, 3);
    SmoothGradSettings five = new SmoothGradSettings(5, 0.2, 3);
    float[] one = smoothGrad(x, five, 1, new ArrayList<>());
    for (int batch : new int[] {2, 5, 8}) {
      List<Double> fractions = new ArrayList<>();
      float[] batched = smoothGrad(x, five, batch, fractions);
      for (int i = 0; i < one.length; i++) {
        assertEquals(one[i], batched[i], 1e-5, "batch " + batch + " pixel " + i);
      }
      assertEquals(1.0, fractions.get(fractions.size() - 1));
      assertEquals((5 + batch - 1) / batch, fractions.size(), "one report per batch");
    }
  }

  private static float[] smoothGrad(org.convlens.tensor.Tensor x, SmoothGradSettings s, int batch,
      List<Double> fractions) throws Exception {
    return explainer.smoothGrad(x, 2, s, batch, (m, f) -> fractions.add(f), new CancellationToken()).map().data();
  }

  @Test
  void refusesAChannelTheLayerLacks() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> explainer.maximize("relu", 4, SETTINGS, Progress.NONE, new CancellationToken()));
    assertTrue(e.getMessage().contains("channels 0 to 3"), e.getMessage());
  }
}
