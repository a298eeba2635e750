package org.convlens.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.convlens.image.ModelInput;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;

/**
 * Analyses many images for {@code activations} and {@code export}: the next images are decoded on a second
 * thread while the model runs, forwards go {@code batchSize} images at a time, and each image's files are
 * written through {@link Batch} (one sub-folder each, failures reported per image, a count at the end).
 */
final class BatchAnalysis {
  /** Writes one image's files from its analysis into {@code folder} (see {@link Batch.Work}). */
  @FunctionalInterface
  interface Writer {
    void write(Analysis analysis, Path folder, Path target) throws Exception;
  }

  /** How a run goes: images per forward, whether to stop at the first failure, whether to print progress. */
  record Options(int batchSize, boolean failFast, boolean progress) {
    Options {
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch " + batchSize + ": give a whole number of images from 1 up");
      }
    }
  }

  private record Job(Path image, Path target, Future<ModelInput> input) {}

  private final CliContext context;
  private final Analyzer analyzer;
  private final List<String> extraLayers;
  private final Options options;

  BatchAnalysis(CliContext context, Analyzer analyzer, List<String> extraLayers, Options options) {
    this.context = context;
    this.analyzer = analyzer;
    this.extraLayers = extraLayers;
    this.options = options;
  }

  Batch.Outcome run(ImageArgs images, Path out, Writer writer) throws Exception {
    Batch batch = new Batch(context, out, !images.oneFile(), options.failFast());
    List<Path> all = images.images();
    // Decoding is mostly single-threaded Java work: one thread keeps a batch or two ready while TensorFlow runs.
    ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "convlens-decode");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Job> queued = new ArrayDeque<>();
      int next = 0;
      int done = 0;
      long start = System.nanoTime();
      while (done < all.size()) {
        while (next < all.size() && queued.size() < 2 * options.batchSize()) {
          Path image = all.get(next++);
          queued.add(new Job(image, batch.target(image), decoder.submit(() -> analyzer.load(image))));
        }
        // The next images in order, until a batch of them decoded; a failed decode keeps its place in the order.
        List<Done> taken = new ArrayList<>();
        List<Job> group = new ArrayList<>();
        List<ModelInput> inputs = new ArrayList<>();
        while (group.size() < options.batchSize() && !queued.isEmpty()) {
          Job job = queued.poll();
          try {
            inputs.add(job.input().get());
            group.add(job);
            taken.add(new Done(job, null, null));
          } catch (ExecutionException e) {
            taken.add(new Done(job, null, e.getCause() instanceof Exception cause ? cause : e));
          }
        }
        Iterator<Done> analysed = analyse(group, inputs).iterator();
        for (Done decoded : taken) {
          Done result = decoded.error() == null ? analysed.next() : decoded;
          if (result.analysis() != null) {
            batch.write(result.job().image(), result.job().target(),
                (image, folder, target) -> writer.write(result.analysis(), folder, target));
          } else {
            batch.fail(result.job().image(), result.error());
          }
          progress(++done, all.size(), result.job().image(), start);
        }
      }
    } finally {
      decoder.shutdownNow();
    }
    return batch.finish();
  }

  private record Done(Job job, Analysis analysis, Exception error) {}

  /**
   * One batched forward for the group; if it fails, each image alone, so that the failure is the right image's
   * and the others still get their files.
   */
  private List<Done> analyse(List<Job> group, List<ModelInput> inputs) {
    List<Done> done = new ArrayList<>();
    if (group.isEmpty()) {
      return done;
    }
    List<Path> sources = group.stream().map(Job::image).toList();
    try {
      List<Analysis> analyses = analyzer.analyze(sources, inputs, extraLayers);
      for (int i = 0; i < group.size(); i++) {
        done.add(new Done(group.get(i), analyses.get(i), null));
      }
    } catch (Exception batchFailed) {
      for (int i = 0; i < group.size(); i++) {
        try {
          Analysis one = analyzer.analyze(List.of(sources.get(i)), List.of(inputs.get(i)), extraLayers).get(0);
          done.add(new Done(group.get(i), one, null));
        } catch (Exception e) {
          done.add(new Done(group.get(i), null, e));
        }
      }
    }
    return done;
  }

  private void progress(int done, int total, Path image, long start) {
    if (options.progress()) {
      context.err().println(ProgressLine.format(done, total, image.getFileName().toString(), System.nanoTime() - start));
      context.err().flush();
    }
  }
}
