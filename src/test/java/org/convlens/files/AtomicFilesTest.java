package org.convlens.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesTheWholeContentReadableByOthers() throws IOException {
    Path target = dir.resolve("a.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("keep.txt");
    Files.writeString(target, "old");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write("partial".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aMissingFolderIsNamedInTheError() {
    Path target = dir.resolve("nowhere/x.png");
    var e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(target, new byte[0]));
    assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void writeIfDifferentLeavesAnIdenticalCopyAloneAndReplacesAnyOther() throws Exception {
    Path file = dir.resolve("sub").resolve("copy.bin");
    byte[] bytes = {1, 2, 3, 4};
    AtomicFiles.writeIfDifferent(file, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(file));
    java.nio.file.attribute.FileTime written = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(file, written);
    AtomicFiles.writeIfDifferent(file, bytes);
    assertEquals(written, Files.getLastModifiedTime(file), "an identical copy is not written again");
    Files.write(file, new byte[] {1, 2, 9, 4});
    AtomicFiles.writeIfDifferent(file, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(file));
  }

}
