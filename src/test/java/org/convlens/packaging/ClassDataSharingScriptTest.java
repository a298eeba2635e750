package org.convlens.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux app image's {@code bin/convlens-cds} (src/packaging/linux-x86_64/bin/), run for real on a small app
 * folder laid out as jpackage lays it out (this JDK stands in for the bundled runtime, two jars for the app): the
 * archive it writes is one Java accepts with {@code -Xshare:on} for the class path the launcher builds from its
 * .cfg, and a failed dump leaves no file behind. .ci/dist-test runs it on the real app image.
 */
class ClassDataSharingScriptTest {
  private static final Path PACKAGING = Path.of("src", "packaging", "linux-x86_64");

  @TempDir Path dir;
  private Path app;
  private Path archive;
  private List<Path> jars;

  @BeforeEach
  void appFolder() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    app = dir.resolve("ConvLens");
    Path bin = Files.createDirectories(app.resolve("bin"));
    Path script = Files.copy(PACKAGING.resolve("bin/convlens-cds"), bin.resolve("convlens-cds"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(app.resolve("lib"));
    Files.createSymbolicLink(app.resolve("lib/runtime"), Path.of(System.getProperty("java.home")));
    Path appDir = Files.createDirectories(app.resolve("lib/app"));
    jars = List.of(copyJarOf(com.google.gson.Gson.class, appDir), copyJarOf(picocli.CommandLine.class, appDir));
    StringBuilder cfg = new StringBuilder("[Application]\n");
    for (Path jar : jars) {
      cfg.append("app.classpath=$APPDIR/lib/").append(jar.getFileName()).append('\n');
    }
    cfg.append("app.mainclass=org.convlens.Main\n\n[JavaOptions]\njava-options=-XX:SharedArchiveFile=$APPDIR/convlens.jsa\n");
    Files.writeString(appDir.resolve("ConvLens.cfg"), cfg);
    Files.writeString(appDir.resolve("convlens.classlist"), "java/lang/Object\ncom/google/gson/Gson\npicocli/CommandLine\n");
    archive = appDir.resolve("convlens.jsa");
  }

  @Test
  void writesAnArchiveJavaUsesForTheLaunchersClassPath() throws Exception {
    assertEquals(0, run(List.of(app.resolve("bin/convlens-cds").toString())).exitCode());
    assertTrue(Files.size(archive) > 0);
    String classpath = String.join(":", jars.stream().map(Path::toString).toList());
    Result on = run(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", classpath, "-version"));
    assertEquals(0, on.exitCode(), on.output());
    // The same archive with the jars in another order is refused: the class path is what it was written for.
    String reversed = jars.get(1) + ":" + jars.get(0);
    Result other = run(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", reversed, "-version"));
    assertNotEquals(0, other.exitCode(), other.output());
    try (var files = Files.list(archive.getParent())) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temporary file left");
    }
  }

  @Test
  void aFailedDumpLeavesNoArchive() throws Exception {
    Files.writeString(archive.resolveSibling("ConvLens.cfg"), "[Application]\napp.classpath=$APPDIR/lib/missing.jar\n");
    Files.writeString(archive.resolveSibling("convlens.classlist"), "not a class list \u0000\n");
    Files.delete(app.resolve("lib/runtime"));
    Files.createDirectories(app.resolve("lib/runtime/bin"));
    Path failing = Files.writeString(app.resolve("lib/runtime/bin/java"), "#!/bin/sh\necho half > \"$(echo \"$@\" "
        + "| tr ' ' '\\n' | sed -n 's/^-XX:SharedArchiveFile=//p')\"\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertNotEquals(0, run(List.of(app.resolve("bin/convlens-cds").toString())).exitCode());
    try (var files = Files.list(archive.getParent())) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("convlens.jsa")), "no archive, whole or half");
    }
  }

  private static Path copyJarOf(Class<?> type, Path appDir) throws Exception {
    Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.copy(jar, Files.createDirectories(appDir.resolve("lib")).resolve(jar.getFileName()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
