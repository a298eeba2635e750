package org.convlens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.convlens.export.ExportPaths;
import org.convlens.files.FileTrees;

/**
 * One piece of work per image, going on past a bad one: each failure is one line on stderr (the file and why),
 * the others are finished, and a count ends the run. A failed image leaves nothing behind: its files are written
 * into a hidden staging folder inside the output folder and only moved into place once all are written.
 */
final class Batch {
  private static final System.Logger LOG = System.getLogger(Batch.class.getName());
  /**
   * Writes one image's files into {@code folder} (empty, made for it); {@code target} is where they will be once
   * all are written, for messages.
   */
  @FunctionalInterface
  interface Work {
    void run(Path image, Path folder, Path target) throws Exception;
  }

  /** How a run ended. */
  record Outcome(int written, int failed) {
    int exitCode() {
      return failed == 0 ? 0 : Cli.EXIT_ERROR;
    }
  }

  private final CliContext context;
  private final Path out;
  private final boolean subFolders;
  private final boolean failFast;
  private final Set<String> usedNames = new HashSet<>();
  private int written;
  private int failed;

  /**
   * A run writing into {@code out}: into {@code out} itself, or with {@code subFolders} into one sub-folder per
   * image, named after it. With {@code failFast} the first failure ends the run (its exception propagates).
   */
  Batch(CliContext context, Path out, boolean subFolders, boolean failFast) throws IOException {
    this.context = context;
    this.out = out;
    this.subFolders = subFolders;
    this.failFast = failFast;
    Files.createDirectories(out);
  }

  /**
   * Runs {@code work} for each image: one image writes into {@code out} itself, several into one sub-folder each,
   * named after the image. With {@code failFast} the first failure ends the run (its exception propagates).
   */
  static Outcome run(CliContext context, List<Path> images, Path out, boolean failFast, Work work)
      throws Exception {
    Batch batch = new Batch(context, out, images.size() > 1, failFast);
    for (Path image : images) {
      batch.write(image, batch.target(image), work);
    }
    return batch.finish();
  }

  /** Where {@code image}'s files go; call once per image, in order, failed images included. */
  Path target(Path image) {
    return subFolders ? out.resolve(folderName(image, usedNames)) : out;
  }

  /** Runs {@code work} for one image into a staging folder and moves its files to {@code target}. */
  void write(Path image, Path target, Work work) throws Exception {
    Path staging = Files.createTempDirectory(out, ".convlens-staging-");
    try {
      work.run(image, staging, target);
      publish(staging, target);
      written++;
    } catch (Exception e) {
      fail(image, e);
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  /** Counts and reports an image that failed before its files were written (or rethrows, with fail-fast). */
  void fail(Path image, Exception e) throws Exception {
    if (failFast) {
      throw e;
    }
    failed++;
    LOG.log(System.Logger.Level.WARNING, "could not process " + image, e);
    context.err().println("error: " + image + ": " + ErrorMessages.describe("process " + image.getFileName(), e));
  }

  /** Ends the run with the count, when there was more than one image or a failure. */
  Outcome finish() {
    if (subFolders || failed > 0) {
      context.err().println(written + " written, " + failed + " failed");
    }
    return new Outcome(written, failed);
  }

  /**
   * The image's base name, made unique (ignoring case, for case-insensitive file systems) when two images share
   * one; the same naming as the app's "Export all views".
   */
  static String folderName(Path image, Set<String> used) {
    String name = ExportPaths.unique(ExportPaths.baseName(image), n -> used.contains(n.toLowerCase(Locale.ROOT)));
    used.add(name.toLowerCase(Locale.ROOT));
    return name;
  }

  /** Moves every file of {@code staging} to the same place under {@code target}, each move atomic. */
  private static void publish(Path staging, Path target) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path destination = target.resolve(staging.relativize(file).toString());
      Files.createDirectories(destination.getParent());
      Files.move(file, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

}
