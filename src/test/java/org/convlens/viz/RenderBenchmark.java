package org.convlens.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times the views of one forward pass at ResNet50V2's real shapes: the five stage mosaics and the conv1
 * filter grid. Not a unit test (excluded by default); run it on purpose:
 * {@code mvn -o test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=RenderBenchmark}.
 */
@Tag("benchmark")
class RenderBenchmark {
  private static final int WARMUP = 20;
  private static final int RUNS = 25;

  private static Tensor random(Random rnd, boolean relu, int... shape) {
    float[] d = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < d.length; i++) {
      float v = (float) rnd.nextGaussian();
      d[i] = relu ? Math.max(0, v) : v;
    }
    return Tensor.of(d, shape);
  }

  @Test
  void stageMosaicsAndFilterGrid() {
    Random rnd = new Random(7);
    Map<String, Tensor> stages = new LinkedHashMap<>();
    stages.put("conv1_conv 112x112x64", random(rnd, false, 112, 112, 64));
    stages.put("conv2_block3_out 28x28x256", random(rnd, false, 28, 28, 256));
    stages.put("conv3_block4_out 14x14x512", random(rnd, false, 14, 14, 512));
    stages.put("conv4_block6_out 7x7x1024", random(rnd, false, 7, 7, 1024));
    stages.put("conv5_block3_out 7x7x2048", random(rnd, true, 7, 7, 2048));
    Tensor kernel = random(rnd, false, 7, 7, 3, 64);

    // Warm every shape up together first: timing one shape right after another measured the JIT
    // recompiling for the new tile scale, not the renderer.
    for (int i = 0; i < WARMUP; i++) {
      for (Tensor t : stages.values()) {
        FeatureMosaic.render(t, MosaicOptions.defaults());
        FeatureMosaic.render(t, MosaicOptions.defaults().withOrder(ChannelOrder.MEAN)
            .withNormalization(MapNormalization.PERCENTILE));
      }
      FilterGrid.render(kernel, FilterGridOptions.defaults());
    }
    System.out.printf(Locale.ROOT, "%nViz benchmark: median (min) of %d runs after %d warm-up, ms%n", RUNS, WARMUP);
    for (MosaicOptions options : new MosaicOptions[] {
        MosaicOptions.defaults(),
        MosaicOptions.defaults().withOrder(ChannelOrder.MEAN).withNormalization(MapNormalization.PERCENTILE)}) {
      System.out.printf(Locale.ROOT, "  mosaics, %s / %s / %s:%n", options.order(), options.normalization(),
          options.colormap());
      double total = 0;
      for (Map.Entry<String, Tensor> e : stages.entrySet()) {
        double[] t = time(() -> FeatureMosaic.render(e.getValue(), options).raster().pixels()[0]);
        Raster r = FeatureMosaic.render(e.getValue(), options).raster();
        System.out.printf(Locale.ROOT, "    %-28s %7.2f (%6.2f)  raster %dx%d%n", e.getKey(), t[0], t[1],
            r.width(), r.height());
        total += t[0];
      }
      System.out.printf(Locale.ROOT, "    %-28s %7.2f%n", "all five", total);
    }
    double[] g = time(() -> FilterGrid.render(kernel, FilterGridOptions.defaults()).raster().pixels()[0]);
    Raster r = FilterGrid.render(kernel, FilterGridOptions.defaults()).raster();
    System.out.printf(Locale.ROOT, "  filter grid 7x7x3x64, GLOBAL   %7.2f (%6.2f)  raster %dx%d%n", g[0], g[1],
        r.width(), r.height());
    assertTrue(g[0] > 0);
  }

  /** {median, min} in milliseconds; the returned int keeps the JIT from dropping the work. */
  private static double[] time(java.util.function.IntSupplier work) {
    int sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += work.getAsInt();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      sink += work.getAsInt();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    if (sink == 42) {
      System.out.print("");
    }
    return new double[] {ms[RUNS / 2], ms[0]};
  }
}
