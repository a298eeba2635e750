package org.convlens.explain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.explain.ClassMaps;
import org.convlens.explain.Explainer;
import org.convlens.explain.Heatmap;
import org.convlens.explain.SmoothGradSettings;
import org.convlens.export.PngWriter;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.inference.ModelService;
import org.convlens.inference.NetworkGradients;
import org.convlens.inference.Progress;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.weights.CancellationToken;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.convlens.tensor.Tensor;
import org.convlens.viz.HeatOverlay;
import org.convlens.viz.InputPictures;
import org.convlens.viz.Raster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what explanations cost next to a forward pass (medians, warm; the targets: Grad-CAM at most 2x
 * a forward, SmoothGrad with N=16 at most 20x), for the bundled MobileNet and untrained ResNet50V2, and writes the
 * pictures for the docs to /tmp/explain-*.png. SmoothGrad is compared with its earlier form, with TensorFlow's own
 * gradient ops as it builds them (NetworkGradients.asBuiltByTensorFlow, against the cheaper ones the app uses) and at
 * several copies a run, with the peak resident memory of each, and its parts with what they replaced. Not a test:
 * run with
 * {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=ExplainBenchmark}.
 */
@Tag("benchmark")
class ExplainBenchmark {

  @Test
  void figures() throws Exception {
    Network mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet());
    measure("MobileNet v1 0.25 (trained)", mobileNet, 30, 10, new int[] {4, 8, 16, 32}, 16);
    pictures(mobileNet);
    if (Boolean.getBoolean("bench.mobileNetOnly")) {
      return;
    }
    Network resNet = Network.bind(ResNet50V2.graph(true), UntrainedWeights.generate(ResNet50V2.graph(true), 42),
        WeightsOrigin.untrained(42));
    measure("ResNet50V2 (untrained)", resNet, 10, 3, new int[] {1, 2, 4, 8}, 2);
  }

  /**
   * @param batches noisy copies per SmoothGrad run to compare, rising
   * @param defaultBatch the copies per run the app uses for this network
   */
  private static void measure(String name, Network network, int runs, int smoothRuns, int[] batches,
      int defaultBatch) throws Exception {
    RgbImage cat = new ImageLoader().load(Path.of("sample-images", "chelsea.png"));
    Tensor input = ModelInput.prepare(cat, 224, Preprocessing.TF).tensor();
    String output = network.graph().outputLayer();
    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE);
        Explainer explainer = new Explainer(service, Preprocessing.TF)) {
      double cold = median(runs, () -> service.run(input, List.of(output)));
      double forward = median(runs, () -> service.run(input, List.of(output)));
      double forwardDefaults = median(runs, () -> service.run(input, service.defaultLayers()));

      long t0 = System.nanoTime();
      explainer.gradCam(input, Explainer.TOP_CLASS, null);
      double firstGradCam = (System.nanoTime() - t0) / 1e6;
      double gradCam = median(runs, () -> explainer.gradCam(input, Explainer.TOP_CLASS, null));
      explainer.saliency(input, Explainer.TOP_CLASS);
      double saliency = median(runs, () -> explainer.saliency(input, Explainer.TOP_CLASS));
      SmoothGradSettings sixteen = new SmoothGradSettings(16, 0.15, 1);
      explainer.smoothGrad(input, Explainer.TOP_CLASS, sixteen);
      double smoothGrad = median(smoothRuns, () -> explainer.smoothGrad(input, Explainer.TOP_CLASS, sixteen));

      System.out.printf("BENCH %s, %d cores%n", name, Runtime.getRuntime().availableProcessors());
      System.out.printf("BENCH   forward (output only, DJL predictor)  %8.1f ms  (the %d before: %.1f ms)%n", forward,
          runs, cold);
      System.out.printf("BENCH   forward (the app's default layers)    %8.1f ms%n", forwardDefaults);
      System.out.printf("BENCH   Grad-CAM first call (adds its ops)    %8.1f ms%n", firstGradCam);
      System.out.printf("BENCH   Grad-CAM                              %8.1f ms  = %.2fx forward%n", gradCam,
          gradCam / forward);
      System.out.printf("BENCH   saliency                              %8.1f ms  = %.2fx forward%n", saliency,
          saliency / forward);
      System.out.printf("BENCH   SmoothGrad N=16                       %8.1f ms  = %.2fx forward%n", smoothGrad,
          smoothGrad / forward);
      System.out.printf("BENCH   (load average %s)%n", loadAverage());
      // First: it reads the peak memory.
      copiesPerRun(service, explainer, input, sixteen, batches, defaultBatch, smoothRuns);
      components(service, input, runs, defaultBatch);
    }
  }

  /**
   * SmoothGrad's parts, each against what it replaced, alternating within each round: the clean image's class
   * and score from its logits alone against its full input gradient, and a batch's saliency summed in the graph
   * against its gradients copied back and reduced in Java.
   */
  private static void components(ModelService service, Tensor input, int runs, int batch) throws Exception {
    NetworkGradients gradients = service.gradients();
    String in = service.network().graph().input().name();
    float[] copies = new float[batch * input.size()];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = input.data()[i % input.size()] + (float) Math.sin(i) * 0.1f;
    }
    Tensor noisy = Tensor.of(copies, batch, input.dim(1), input.dim(2), input.dim(3));
    int[] sample = {input.dim(1), input.dim(2), input.dim(3)};
    List<Work> work = List.of(
        () -> gradients.classGradient(input, Explainer.TOP_CLASS, in),
        () -> gradients.classScores(input, Explainer.TOP_CLASS),
        () -> {
          Tensor g = gradients.classGradient(noisy, 1, in).gradient();
          float[] sum = new float[sample[0] * sample[1]];
          for (int s = 0; s < batch; s++) {
            float[] copy = Arrays.copyOfRange(g.data(), s * input.size(), (s + 1) * input.size());
            float[] map = ClassMaps.saliency(Tensor.of(copy, sample)).data();
            for (int i = 0; i < sum.length; i++) {
              sum[i] += map[i];
            }
          }
        },
        () -> gradients.saliencySum(noisy, 1));
    String[] names = {"clean pass: input gradient", "clean pass: logits only",
        "batch of " + batch + ": gradients + Java saliency", "batch of " + batch + ": saliency summed in graph"};
    for (Work w : work) {
      w.run(); // the first of each kind adds its ops and prepares its shapes
    }
    double[][] ms = new double[work.size()][runs];
    for (int r = 0; r < runs; r++) {
      for (int k = 0; k < work.size(); k++) {
        int j = r % 2 == 0 ? k : k ^ 1; // A B, then B A
        long t0 = System.nanoTime();
        work.get(j).run();
        ms[j][r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    for (int k = 0; k < work.size(); k++) {
      Arrays.sort(ms[k]);
      System.out.printf("BENCH   %-46s %8.1f ms  (min %.1f)%n", names[k], ms[k][runs / 2], ms[k][0]);
    }
    System.out.printf("BENCH   (load average %s)%n", loadAverage());
  }

  /**
   * SmoothGrad N=16 at several noisy copies per session run, and as it was before (a gradient for the clean image,
   * every copy's gradient copied back and reduced in Java): the peak resident memory after the first run of each
   * size (in rising order, since the peak only grows), then the times. Each round first times the forward pass
   * (median of 3) and each SmoothGrad is divided by that round's forward, so a load that changes over the rounds
   * moves both alike; the variants alternate within each round.
   */
  private static void copiesPerRun(ModelService service, Explainer explainer, Tensor input,
      SmoothGradSettings sixteen, int[] sizes, int defaultBatch, int rounds) throws Exception {
    for (int b : sizes) {
      explainer.smoothGrad(input, Explainer.TOP_CLASS, sixteen, b, Progress.NONE, new CancellationToken());
      System.out.printf("BENCH   %2d copies a run: VmHWM %s, VmRSS %s%n", b, status("VmHWM"), status("VmRSS"));
    }
    List<String> names = new ArrayList<>();
    List<Work> variants = new ArrayList<>();
    names.add(String.format("before, %2d copies a run", defaultBatch));
    variants.add(() -> smoothGradBefore(service, input, sixteen, defaultBatch));
    names.add(String.format("TF's own gradient ops, %2d", defaultBatch));
    NetworkGradients asBuilt = service.gradients().asBuiltByTensorFlow();
    variants.add(() -> smoothGradWith(asBuilt, input, sixteen, defaultBatch));
    for (int b : sizes) {
      names.add(String.format("now,    %2d copies a run", b));
      variants.add(() -> explainer.smoothGrad(input, Explainer.TOP_CLASS, sixteen, b, Progress.NONE,
          new CancellationToken()));
    }
    variants.get(0).run();
    variants.get(1).run(); // adds its ops
    String output = service.network().graph().outputLayer();
    int n = variants.size();
    double[][] ms = new double[n][rounds * 2];
    double[][] ratio = new double[n][rounds * 2];
    double[] forwards = new double[rounds * 2];
    for (int r = 0; r < rounds * 2; r++) {
      double forward = median(3, () -> service.run(input, List.of(output)));
      forwards[r] = forward;
      for (int k = 0; k < n; k++) {
        int j = r % 2 == 0 ? k : n - 1 - k; // forwards, then backwards
        long start = System.nanoTime();
        variants.get(j).run();
        ms[j][r] = (System.nanoTime() - start) / 1e6;
        ratio[j][r] = ms[j][r] / forward;
      }
    }
    Arrays.sort(forwards);
    System.out.printf("BENCH   the rounds' forward passes                 %8.1f ms  (min %.1f, max %.1f)%n",
        forwards[rounds], forwards[0], forwards[rounds * 2 - 1]);
    for (int k = 0; k < n; k++) {
      Arrays.sort(ms[k]);
      Arrays.sort(ratio[k]);
      System.out.printf("BENCH   SmoothGrad N=16, %-26s %8.1f ms  = %.2fx that round's forward (min %.1f ms, %.2fx)%n",
          names.get(k), ms[k][rounds], ratio[k][rounds], ms[k][0], ratio[k][0]);
    }
    System.out.printf("BENCH   (load average %s)%n", loadAverage());
  }

  /**
   * SmoothGrad as Explainer computes it (the clean image's logits, then each batch's saliency summed in the
   * graph), with the given gradients: to compare TensorFlow's gradient ops as it builds them with the cheaper ones.
   */
  private static void smoothGradWith(NetworkGradients gradients, Tensor input, SmoothGradSettings settings,
      int batch) throws Exception {
    int target = gradients.classScores(input, Explainer.TOP_CLASS).classes()[0];
    int[] shape = {input.dim(1), input.dim(2), input.dim(3)};
    float sigma = (float) (settings.noise() * 2); // the tf range, -1 to 1
    SplittableRandom random = new SplittableRandom(settings.seed());
    float[] sum = new float[shape[0] * shape[1]];
    for (int done = 0; done < settings.samples(); ) {
      int n = Math.min(batch, settings.samples() - done);
      float[] noisy = Explainer.noisyCopies(input.data(), n, sigma, random);
      float[] maps = gradients.saliencySum(Tensor.of(noisy, n, shape[0], shape[1], shape[2]), target).data();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += maps[i] / settings.samples();
      }
      done += n;
    }
    ClassMaps.normalised(Tensor.of(sum, shape[0], shape[1]));
  }

  /** SmoothGrad as it was before: the clean image's full gradient, every copy's gradient reduced in Java. */
  private static void smoothGradBefore(ModelService service, Tensor input, SmoothGradSettings settings, int batch)
      throws Exception {
    NetworkGradients gradients = service.gradients();
    String in = service.network().graph().input().name();
    int target = gradients.classGradient(input, Explainer.TOP_CLASS, in).classes()[0];
    int[] shape = {input.dim(1), input.dim(2), input.dim(3)};
    int size = input.size();
    float sigma = (float) (settings.noise() * 2); // the tf range, -1 to 1
    SplittableRandom random = new SplittableRandom(settings.seed());
    float[] sum = new float[shape[0] * shape[1]];
    for (int done = 0; done < settings.samples(); ) {
      int n = Math.min(batch, settings.samples() - done);
      float[] noisy = Explainer.noisyCopies(input.data(), n, sigma, random);
      Tensor g = gradients.classGradient(Tensor.of(noisy, n, shape[0], shape[1], shape[2]), target, in).gradient();
      for (int s = 0; s < n; s++) {
        float[] map = ClassMaps.saliency(Tensor.of(Arrays.copyOfRange(g.data(), s * size, (s + 1) * size), shape))
            .data();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += map[i] / settings.samples();
        }
      }
      done += n;
    }
    ClassMaps.normalised(Tensor.of(sum, shape[0], shape[1]));
  }

  private static String status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    return "?";
  }

  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  /** The docs' pictures: two classes on one image, a saliency and a SmoothGrad map, all trained MobileNet. */
  private static void pictures(Network network) throws Exception {
    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE);
        Explainer explainer = new Explainer(service, Preprocessing.TF)) {
      RgbImage astronaut = new ImageLoader().load(Path.of("sample-images", "astronaut.png"));
      Tensor input = ModelInput.prepare(astronaut, 224, Preprocessing.TF).tensor();
      List<Raster> two = new ArrayList<>();
      for (int cls : new int[] {422, 678}) { // barbell (top 1), neck brace (top 4)
        two.add(overlay(astronaut, explainer.gradCam(input, cls, null)));
      }
      write("/tmp/explain-gradcam-two-classes-astronaut.png", InputPictures.mosaic(two, 4, 0xFF202020),
          "Grad-CAM at conv_pw_13_relu: barbell (left), neck brace (right)");

      RgbImage cat = new ImageLoader().load(Path.of("sample-images", "chelsea.png"));
      Tensor catInput = ModelInput.prepare(cat, 224, Preprocessing.TF).tensor();
      write("/tmp/explain-gradcam-cat.png", overlay(cat, explainer.gradCam(catInput, Explainer.TOP_CLASS, null)),
          "Grad-CAM, Egyptian cat");
      write("/tmp/explain-saliency-cat.png", overlay(cat, explainer.saliency(catInput, Explainer.TOP_CLASS)),
          "saliency, Egyptian cat");
      write("/tmp/explain-smoothgrad-cat.png",
          overlay(cat, explainer.smoothGrad(catInput, Explainer.TOP_CLASS, SmoothGradSettings.DEFAULT)),
          "SmoothGrad N=16, Egyptian cat");
    }
  }

  private static Raster overlay(RgbImage image, Heatmap map) {
    // As the gradcam command shows them: saliency stretched to its 99th percentile.
    Tensor shown = map.layer().equals("conv_pw_13_relu") ? map.map() : HeatOverlay.clippedAt(map.map(), 0.99);
    return HeatOverlay.render(Raster.ofRgb(image.width(), image.height(), image.pixels()), shown,
        HeatOverlay.DEFAULT_COLORMAP, HeatOverlay.DEFAULT_OPACITY);
  }

  private static void write(String file, Raster raster, String what) throws Exception {
    PngWriter.write(Path.of(file), raster, Map.of("Title", what));
    System.out.println("BENCH wrote " + file + " (" + what + ")");
  }

  interface Work {
    void run() throws Exception;
  }

  private static double median(int runs, Work work) throws Exception {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
