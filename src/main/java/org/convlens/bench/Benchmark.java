package org.convlens.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.convlens.image.ImageLoader;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.inference.SavedModelCache;
import org.convlens.inference.TensorFlowRuntime;
import org.convlens.model.ImageNetClasses;
import org.convlens.model.Network;
import org.convlens.model.Stages;
import org.convlens.pipeline.Analyzer;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.viz.FeatureMosaic;
import org.convlens.viz.FilterGrid;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.MosaicOptions;

/**
 * Measures the figures of the performance issue in one process, each step after the other (never two at once):
 * engine start, first SavedModel build (in a fresh cache), cached load, the first and warm on-demand layer, warm
 * forwards in A/B rounds with PyTorch's, views from memory, an image opened end to end, batch throughput, resident
 * memory and a soak.
 */
public final class Benchmark {
  /** A layer outside the default outputs, as the Layers tab asks for one (ResNet50V2's; else a middle layer). */
  static final String ON_DEMAND = "conv3_block2_2_relu";
  private static final double MB = 1024.0 * 1024.0;

  /**
   * What to measure with.
   *
   * @param weights how the weights are described in the output (e.g. "seeded random, NOT ImageNet's")
   * @param torch PyTorch on the same weights, or why it is skipped
   */
  public record Inputs(Network network, String weights, Path image, Path workDir, TorchSetup torch) {}

  private final BenchSettings settings;
  private final PrintWriter progress;

  public Benchmark(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public BenchReport run(Inputs in) throws Exception {
    BenchReport report = new BenchReport();
    report.note("Machine: " + Machine.describe());
    report.note("Weights: " + in.weights());
    report.json("settings", settings.name());
    report.json("machine", Machine.describe());
    report.json("weights", in.weights());

    say("Starting TensorFlow");
    long start = System.nanoTime();
    String version = TensorFlowRuntime.start();
    report.millis("engine_start_ms", "engine start (TensorFlow " + version + ")", Timing.since(start));

    SavedModelCache cache = new SavedModelCache(in.workDir().resolve("savedmodels"));
    say("Building the SavedModel in a fresh cache");
    start = System.nanoTime();
    try (ModelService first = ModelService.open(in.network(), cache, Progress.NONE)) {
      report.millis("first_build_ms", "first start: SavedModel build + load + warm-up", Timing.since(start));
    }
    say("Loading it again from the cache");
    start = System.nanoTime();
    try (ModelService service = ModelService.open(in.network(), cache, Progress.NONE)) {
      report.millis("cached_load_ms", "cached load: load + warm-up (in this process)", Timing.since(start));
      measureLoaded(service, in, report);
    }
    OptionalLong peak = Machine.rssMb("VmHWM");
    report.row("peak resident memory (VmHWM, two loads in this process)", peak.isPresent() ? peak.getAsLong() + " MB" : "-");
    report.json("peak_rss_mb", peak.isPresent() ? peak.getAsLong() : null);
    windowStart(in, report);
    return report;
  }

  /** The cached start end to end, {@code java -jar} to the predictions on screen, in a child process. */
  private void windowStart(Inputs in, BenchReport report) throws InterruptedException {
    String what = "cached start: java -jar to the predictions on screen (child process, wall clock)";
    if (!settings.measuresWindowStart()) {
      report.millis("cached_start_ms", what, null);
      report.json("cached_start_jvm_ms", null);
      return;
    }
    say("Starting the window twice in a child process (the second start is the cached one)");
    List<String> weights = in.torch().weightsFile() != null
        ? List.of("--weights", in.torch().weightsFile().toString()) : List.of("--untrained");
    try {
      WindowStart.Result r = new WindowStart(in.workDir().resolve("window"), weights).measure();
      report.millis("cached_start_ms", what, r.wallMs());
      report.json("cached_start_jvm_ms", r.jvmUptimeMs());
    } catch (java.io.IOException e) {
      report.millis("cached_start_ms", what, null);
      report.json("cached_start_jvm_ms", null);
      report.note("Cached start end to end not measured: " + e.getMessage());
    }
  }

  private void measureLoaded(ModelService service, Inputs in, BenchReport report) throws Exception {
    Analyzer analyzer = new Analyzer(service, new ImageLoader(), ImageNetClasses.load());
    Tensor input = analyzer.load(in.image()).tensor();
    List<String> defaults = service.defaultLayers();

    say("On-demand layer");
    String layer = onDemandLayer(service);
    long start = System.nanoTime();
    service.run(input, List.of(layer));
    report.millis("on_demand_first_ms", "first on-demand layer (" + layer + ") after the load", Timing.since(start));
    Timing onDemand = Timing.measure(0, settings.onDemandRuns(), () -> service.run(input, List.of(layer)));
    report.millis("on_demand_warm_ms", "warm on-demand layer, median of " + onDemand.n(), onDemand.median());

    forwardRounds(service, input, in, report);

    say("Views from memory");
    Activations activations = service.run(input, defaults);
    Map<String, String> stages = Stages.layerMap(service.network().graph());
    Timing mosaics = Timing.measure(2, settings.viewRuns(), () -> renderMosaics(activations, stages));
    report.millis("mosaics_ms", "all " + stages.size() + " stage mosaics from memory, median of " + mosaics.n(),
        mosaics.median());
    Tensor kernel = service.network().firstConvKernel();
    Timing grid = Timing.measure(2, settings.viewRuns(),
        () -> FilterGrid.render(kernel, FilterGridOptions.defaults()));
    report.millis("filter_grid_ms", "filter grid from memory, median of " + grid.n(), grid.median());

    say("Opening the image end to end");
    Timing open = Timing.measure(1, settings.openRuns(),
        () -> renderMosaics(analyzer.analyze(in.image(), List.of()).activations(), stages));
    report.millis("open_image_ms", "image opened end to end (decode, preprocess, forward, mosaics), median of "
        + open.n(), open.median());

    batches(service, input, in, report);
    soak(service, input, report);
  }

  /** Our warm forwards and PyTorch's, alternately: A B A B. Ratios within a round are the fair ones. */
  private void forwardRounds(ModelService service, Tensor input, Inputs in, BenchReport report) throws Exception {
    List<Timing> ours = new ArrayList<>();
    List<TorchBaseline.Result> theirs = new ArrayList<>();
    List<Double> roundRatios = new ArrayList<>();
    String torchSkipped = in.torch().skipped();
    List<String> variants = settings.torchVariants();
    for (int round = 1; round <= settings.rounds(); round++) {
      say("Round " + round + " of " + settings.rounds() + ": " + settings.forwardsPerRound() + " warm forwards");
      double[] ms = Timing.sample(settings.warmup(), settings.forwardsPerRound(),
          () -> service.run(input, service.defaultLayers()));
      ours.add(Timing.of(ms));
      if (in.torch().baseline() != null && torchSkipped == null) {
        say("Round " + round + ": PyTorch (" + (variants.isEmpty() ? "every variant" : String.join(", ", variants))
            + ")");
        try {
          TorchBaseline.Result result = in.torch().baseline().run(in.torch().weightsFile(), 1, settings.torchWarmup(),
              settings.torchRuns(), variants);
          theirs.add(result);
          roundRatios.add(BenchReport.round(Timing.of(ms).median() / result.bestMs()));
          report.row(String.format(Locale.ROOT, "round %d: ConvLens / PyTorch best (%s)", round,
              result.bestVariant()), String.format(Locale.ROOT, "%.1f / %.1f ms = %.2fx", Timing.of(ms).median(),
              result.bestMs(), Timing.of(ms).median() / result.bestMs()));
          variants = result.bestVariant() == null ? variants
              : List.of(BenchSettings.TORCH_EAGER, result.bestVariant()).stream().distinct().toList();
        } catch (java.io.IOException e) {
          torchSkipped = "the PyTorch script failed: " + e.getMessage();
        }
      }
    }
    // The fastest round's median, as for PyTorch: a round that other processes slowed down says nothing of either.
    Timing forward = ours.stream().min(Comparator.comparingDouble(Timing::median)).orElseThrow();
    report.millis("forward_ms", String.format(Locale.ROOT, "warm forward, %d outputs, batch 1, fastest round's "
        + "median of %d (min %.1f, max %.1f)", service.defaultLayers().size(), forward.n(), forward.min(),
        forward.max()), forward.median());
    report.json("forward_min_ms", BenchReport.round(forward.min()));
    report.json("forward_max_ms", BenchReport.round(forward.max()));
    Double torchEager = theirs.stream().filter(r -> r.eagerMs() != null).map(TorchBaseline.Result::eagerMs)
        .sorted().findFirst().orElse(null);
    TorchBaseline.Result fastest = fastestTorchRound(theirs);
    Double torchBest = fastest == null ? null : fastest.bestMs();
    report.millis("torch_ms", "PyTorch eager (NCHW), fastest round's median", torchEager);
    report.millis("torch_best_ms", "PyTorch best variant, fastest round's median", torchBest);
    // The batches run this variant: the one behind torch_best_ms, not the last round's winner (in a slowed-down
    // round that can be eager, which made PyTorch's batch figure half of what its best variant does).
    report.json("torch_best_variant", fastest == null ? null : fastest.bestVariant());
    Double ratio = torchBest == null ? null : forward.median() / torchBest;
    report.row("ConvLens / PyTorch best (target at most 0.9)",
        ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio));
    report.json("ratio_vs_torch", ratio == null ? null : BenchReport.round(ratio));
    report.json("round_ratios", roundRatios.isEmpty() ? null : roundRatios);
    if (torchSkipped != null) {
      report.note(TorchBaseline.skippedLine(torchSkipped));
    } else {
      report.note("PyTorch: " + in.torch().baseline().python() + ", the same weights, " + theirs.size()
          + " rounds alternating with ours, " + TorchBaseline.WAIT_POLICY + "="
          + System.getenv().getOrDefault(TorchBaseline.WAIT_POLICY, "PASSIVE"));
    }
    report.json("torch_skipped", torchSkipped);
  }

  /** The round whose best variant was fastest, or null without rounds. */
  static TorchBaseline.Result fastestTorchRound(List<TorchBaseline.Result> rounds) {
    return rounds.stream().min(Comparator.comparingDouble(TorchBaseline.Result::bestMs)).orElse(null);
  }

  private void batches(ModelService service, Tensor input, Inputs in, BenchReport report) throws Exception {
    Map<Integer, Double> ours = new LinkedHashMap<>();
    for (int n : settings.batchSizes()) {
      say("Batch of " + n);
      List<Tensor> inputs = Collections.nCopies(n, input);
      Timing t = Timing.measure(1, settings.batchRuns(), () -> service.runBatch(inputs, service.defaultLayers()));
      ours.put(n, 1000.0 * n / t.median());
      report.row("batch " + n + " throughput, median of " + t.n(),
          String.format(Locale.ROOT, "%.1f images/s (%.0f ms per batch)", 1000.0 * n / t.median(), t.median()));
    }
    report.perBatch("batch_images_per_s", ours);
    Map<Integer, Double> theirs = null;
    String variant = report.get("torch_best_variant").isJsonNull() ? null : report.get("torch_best_variant").getAsString();
    if (in.torch().baseline() != null && report.get("torch_skipped").isJsonNull() && variant != null) {
      theirs = new LinkedHashMap<>();
      theirs.put(1, 1000.0 / report.get("torch_best_ms").getAsDouble());
      for (int n : settings.torchBatchSizes()) {
        say("PyTorch batch of " + n);
        try {
          TorchBaseline.Result r = in.torch().baseline().run(in.torch().weightsFile(), n, 1, settings.torchBatchRuns(), List.of(variant));
          theirs.put(n, r.bestImagesPerSecond());
          report.row("PyTorch batch " + n + " throughput (" + variant + ")",
              String.format(Locale.ROOT, "%.1f images/s", r.bestImagesPerSecond()));
        } catch (java.io.IOException e) {
          report.note("PyTorch batch " + n + " failed: " + e.getMessage());
        }
      }
    }
    report.perBatch("torch_batch_images_per_s", theirs);
  }

  /**
   * Forwards on and on, one in five an on-demand layer: after a warm-up, memory outside the Java heap should level
   * off, not grow. The heap is reported beside it, since the JVM growing its heap is no leak.
   */
  private void soak(ModelService service, Tensor input, BenchReport report) throws Exception {
    int warmup = settings.soakWarmup();
    int every = settings.soakSampleEvery();
    say("Soak: " + warmup + " forwards to warm up, then " + settings.soakForwards() + ", memory sampled every "
        + every);
    for (int i = 0; i < warmup; i++) {
      soakForward(service, input, i);
    }
    boolean linux = Machine.rssMb("VmRSS").isPresent(); // resident memory comes from /proc/self/status
    List<SoakSeries.Sample> samples = new ArrayList<>();
    for (int i = 0; i < settings.soakForwards(); i++) {
      if (linux && i % every == 0) {
        samples.add(sample(i));
      }
      soakForward(service, input, warmup + i);
    }
    if (linux) {
      samples.add(sample(settings.soakForwards()));
    }
    SoakSeries series = samples.size() < 2 ? null : new SoakSeries(samples);
    report.row("steady resident memory (VmRSS after the soak and a GC)",
        series == null ? "-" : String.format(Locale.ROOT, "%.0f MB", series.last().rssMb()));
    report.json("steady_rss_mb", series == null ? null : Math.round(series.last().rssMb()));
    report.json("soak_forwards", settings.soakForwards());
    report.json("soak_warmup_forwards", warmup);
    report.json("soak_sample_every", every);
    if (series == null) {
      report.row("soak: growth outside the Java heap", "-");
      for (String key : List.of("soak_growth_mb", "soak_outside_slope_mb_per_100", "soak_heap_growth_mb",
          "soak_heap_committed_growth_mb", "soak_rss_growth_mb", "soak_heap_used_mb", "soak_heap_committed_mb",
          "soak_outside_heap_mb")) {
        report.json(key, null);
      }
      return;
    }
    // The method is in docs/benchmarks/README.md; the row says only what was counted.
    String over = String.format(Locale.ROOT, " (%d forwards after %d, %d samples)", settings.soakForwards(),
        warmup, samples.size());
    SoakSeries.Sample last = series.last();
    report.row("soak: growth outside the Java heap" + over, String.format(Locale.ROOT,
        "%+.0f MB (slope %+.1f MB per 100 forwards)", series.outsideHeapGrowthMb(),
        series.outsideHeapSlopeMbPer100()));
    report.row("soak: growth of the Java heap, used after a GC / committed",
        String.format(Locale.ROOT, "%+.0f / %+.0f MB", series.heapUsedGrowthMb(), series.heapCommittedGrowthMb()));
    report.row("soak: growth of all resident memory", String.format(Locale.ROOT, "%+.0f MB", series.rssGrowthMb()));
    report.row("soak: at the end, heap used / committed / outside the heap", String.format(Locale.ROOT,
        "%.0f / %.0f / %.0f MB", last.heapUsedMb(), last.heapCommittedMb(), last.outsideHeapMb()));
    report.json("soak_growth_mb", BenchReport.round(series.outsideHeapGrowthMb()));
    report.json("soak_outside_slope_mb_per_100", BenchReport.round(series.outsideHeapSlopeMbPer100()));
    report.json("soak_heap_growth_mb", BenchReport.round(series.heapUsedGrowthMb()));
    report.json("soak_heap_committed_growth_mb", BenchReport.round(series.heapCommittedGrowthMb()));
    report.json("soak_rss_growth_mb", BenchReport.round(series.rssGrowthMb()));
    report.json("soak_heap_used_mb", BenchReport.round(last.heapUsedMb()));
    report.json("soak_heap_committed_mb", BenchReport.round(last.heapCommittedMb()));
    report.json("soak_outside_heap_mb", BenchReport.round(last.outsideHeapMb()));
  }

  private void soakForward(ModelService service, Tensor input, int i) throws Exception {
    service.run(input, i % 5 == 4 ? List.of(onDemandLayer(service)) : service.defaultLayers());
  }

  /** Heap used after a GC, heap committed and resident memory, read one right after the other. */
  private static SoakSeries.Sample sample(int forwards) {
    for (int i = 0; i < 3; i++) { // as SoakTest: one GC may leave garbage that a finaliser or reference held
      System.gc();
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long rss = Machine.rssMb("VmRSS").orElse(0);
    return new SoakSeries.Sample(forwards, heap.getUsed() / MB, heap.getCommitted() / MB, rss);
  }

  private static String onDemandLayer(ModelService service) {
    List<String> names = service.network().graph().layerNames();
    if (names.contains(ON_DEMAND)) {
      return ON_DEMAND;
    }
    return names.stream().skip(names.size() / 2).filter(n -> !service.defaultLayers().contains(n)).findFirst()
        .orElse(service.defaultLayers().get(0));
  }

  private static void renderMosaics(Activations activations, Map<String, String> stages) {
    for (String layer : stages.values()) {
      FeatureMosaic.render(activations.get(layer), MosaicOptions.defaults());
    }
  }

  private void say(String step) {
    progress.println(step + "...");
    progress.flush();
  }
}
