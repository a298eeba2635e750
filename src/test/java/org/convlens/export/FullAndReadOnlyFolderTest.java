package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.convlens.model.ResNet50V2;
import org.convlens.model.Stages;
import org.convlens.tensor.Activations;
import org.convlens.tensor.Tensor;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: an export to a full disk or a read-only folder fails with a plain message and leaves no
 * partial files. The disk is a real 4 MB tmpfs (mounted here when the tests run as root where mounting is
 * allowed; skipped otherwise), so the failures come from the kernel, not from a stub.
 */
class FullAndReadOnlyFolderTest {
  @TempDir Path temp;
  private Path disk;

  private static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectories(temp.resolve("disk"));
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()),
        "mounting a tmpfs needs root where mounts are allowed");
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", "-l", disk.toString());
  }

  /** ResNet50V2's five stages with random values: several hundred KB of PNGs. */
  private static ViewBundle bundle() {
    Random rnd = new Random(42);
    Map<String, Tensor> m = new LinkedHashMap<>();
    int[][] shapes = {{112, 112, 64}, {28, 28, 256}, {14, 14, 512}, {7, 7, 1024}, {7, 7, 2048}};
    String[] layers = {"conv1_conv", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out", "conv5_block3_out"};
    for (int i = 0; i < layers.length; i++) {
      float[] d = new float[Math.toIntExact(Tensor.sizeOf(shapes[i]))];
      for (int j = 0; j < d.length; j++) {
        d[j] = (float) rnd.nextGaussian();
      }
      m.put(layers[i], Tensor.of(d, shapes[i]));
    }
    return ViewBundle.builder(new Activations(m), new RunInfo("ResNet50V2", "untrained", "cat.png", false))
        .stages(Stages.layerMap(ResNet50V2.graph(true))).build();
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anExportThatFillsTheDiskFailsInWordsAndTakesBackItsFiles() throws Exception {
    Path mine = Files.createDirectories(disk.resolve("pictures"));
    Files.writeString(mine.resolve("holiday.txt"), "the user's own file");
    // Room for the first picture and half the second: the export fails midway, after writing a file.
    List<Path> whole = ViewBundleWriter.write(temp.resolve("whole"), bundle());
    long first = Files.size(whole.get(0));
    long room = first + Files.size(whole.get(1)) / 2;
    long free = Files.getFileStore(disk).getUsableSpace();
    Files.write(disk.resolve("filler"), new byte[(int) (free - room)]);
    assertTrue(Files.getFileStore(disk).getUsableSpace() > first + (16 << 10), "the first picture fits");

    FileSystemException e = assertThrows(FileSystemException.class, () -> ViewBundleWriter.write(mine, bundle()));

    assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
    UserMessages.assertPlain(e.getReason(), e);
    assertEquals(List.of("holiday.txt"), names(mine), "only the user's file is left");

    FileSystemException fresh = assertThrows(FileSystemException.class,
        () -> ViewBundleWriter.write(disk.resolve("new-folder"), bundle()));
    UserMessages.assertPlain(fresh.getReason(), fresh);
    assertEquals(List.of("filler", "pictures"), names(disk), "the folder the export made is gone too");
  }

  @Test
  void anExportToAReadOnlyFolderFailsInWordsAndWritesNothing() throws Exception {
    Path mine = Files.createDirectories(disk.resolve("pictures"));
    Files.writeString(mine.resolve("holiday.txt"), "the user's own file");
    assertTrue(run("mount", "-o", "remount,ro", disk.toString()), "remounted read-only");

    FileSystemException e = assertThrows(FileSystemException.class, () -> ViewBundleWriter.write(mine, bundle()));

    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    UserMessages.assertPlain(e.getReason(), e);
    assertEquals(List.of("holiday.txt"), names(mine));
  }
}
