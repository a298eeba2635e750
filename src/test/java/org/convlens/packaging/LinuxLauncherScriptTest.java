package org.convlens.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux app image's {@code bin/convlens} (src/packaging/linux-x86_64/bin/): it caps glibc's malloc arenas and
 * then runs jpackage's launcher with the arguments untouched, also when reached through the {@code /usr/bin}
 * link; the desktop entry and the package's link go through it. The launcher here is a stand-in that prints what
 * it was given.
 */
class LinuxLauncherScriptTest {
  private static final Path PACKAGING = Path.of("src", "packaging", "linux-x86_64");

  @TempDir Path dir;
  private Path link;

  @BeforeEach
  void appImageWithAStandInLauncher() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    Path bin = Files.createDirectories(dir.resolve("opt/convlens/bin"));
    Path script = Files.copy(PACKAGING.resolve("bin/convlens"), bin.resolve("convlens"));
    Path launcher = Files.writeString(bin.resolve("ConvLens"), String.join("\n", "#!/bin/sh",
        "echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\"", "for a in \"$@\"; do echo \"arg=$a\"; done", ""));
    for (Path p : List.of(script, launcher)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr/bin")).resolve("convlens"), script);
  }

  @Test
  void setsTwoArenasAndPassesTheArgumentsThroughTheLink() throws Exception {
    assertEquals(List.of("MALLOC_ARENA_MAX=2", "arg=predict", "arg=my cat.jpg", "arg=--top", "arg=3"),
        run(Map.of(), "predict", "my cat.jpg", "--top", "3"));
  }

  @Test
  void keepsTheUsersOwnSetting() throws Exception {
    assertEquals(List.of("MALLOC_ARENA_MAX=8"), run(Map.of("MALLOC_ARENA_MAX", "8")));
  }

  @Test
  void theDesktopEntryAndThePackagesCommandGoThroughIt() throws IOException {
    String desktop = Files.readString(PACKAGING.resolve("deb/ConvLens.desktop"));
    assertTrue(desktop.lines().anyMatch(l -> l.equals("Exec=/opt/convlens/bin/convlens %F")), desktop);
    String postinst = Files.readString(PACKAGING.resolve("deb/postinst"));
    assertTrue(postinst.contains("ln -sf /opt/convlens/bin/convlens /usr/bin/convlens"), postinst);
  }

  private List<String> run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(link.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("MALLOC_ARENA_MAX");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }
}
