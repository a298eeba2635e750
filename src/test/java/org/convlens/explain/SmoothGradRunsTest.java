package org.convlens.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convlens.model.LayerGraph;
import org.convlens.model.ResNet50V2;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.testing.TestFiles;
import org.junit.jupiter.api.Test;

/** SmoothGrad batches its noisy copies as far as their activations fit the budget, and no further. */
class SmoothGradRunsTest {
  @Test
  void aSmallNetworkRunsTheMostCopiesAtOnceAndResNet50V2FewerWithinTheBudget() throws Exception {
    LayerGraph mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet()).graph();
    assertEquals(Explainer.SMOOTHGRAD_MAX_BATCH, Explainer.copiesPerRun(mobileNet));

    LayerGraph resNet = ResNet50V2.graph(true);
    int copies = Explainer.copiesPerRun(resNet);
    long perCopy = 0;
    for (String layer : resNet.layerNames()) {
      long n = 1;
      for (int d : resNet.outputShape(layer)) {
        n *= d;
      }
      perCopy += n * Float.BYTES;
    }
    assertTrue(copies >= 1 && copies < Explainer.SMOOTHGRAD_MAX_BATCH, copies + " copies");
    assertTrue(copies == 1 || copies * perCopy <= Explainer.SMOOTHGRAD_RUN_BYTES, copies + " x " + perCopy);
    assertTrue((copies + 1) * perCopy > Explainer.SMOOTHGRAD_RUN_BYTES, "one more copy would still fit");
    System.out.printf("ResNet50V2: %.0f MB of activations per copy, %d copies a run%n", perCopy / 1e6, copies);
  }
}
