package org.convlens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user starts it ({@code java -jar target/convlens.jar ...}): catches what unit tests on
 * the class path cannot, such as a dependency missing from {@code target/lib/} or a broken manifest.
 */
class JarSmokeIT {
  private static final Path JAR = Path.of("target", "convlens.jar");
  @TempDir Path home;

  private record Run(int code, String out, String err) {}

  private Run convlens(String... args) throws IOException, InterruptedException {
    return convlensIn(Path.of("").toAbsolutePath(), args);
  }

  /** Runs the jar from {@code workingDir}, as a user who starts it from anywhere. */
  private Run convlensIn(Path workingDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dconvlens.configDir=" + home.resolve("config"), "-Dconvlens.logDir=" + home.resolve("logs"),
        "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("convlens " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void predictRunsTensorFlowFromTheJar() throws Exception {
    Run r = convlens("predict", "sample-images/chelsea.png", "--untrained", "--json", "--top", "3");
    assertEquals(0, r.code(), r.err());
    assertEquals(3, JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("predictions").size(), r.out());
  }

  @Test
  void theBundledMobileNetTravelsInTheJarAndRunsFromAnyFolder() throws Exception {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      ZipEntry entry = jar.getEntry("org/convlens/model/bundled/mobilenet_v1_0.25_224.h5");
      try (var in = jar.getInputStream(entry)) {
        assertArrayEquals(Files.readAllBytes(Path.of("models", "mobilenet_v1_0.25_224.h5")), in.readAllBytes(),
            "the jar's copy is the one in models/");
      }
      assertNotNull(jar.getEntry("org/convlens/ui/samples/rocket.jpg"), "all samples travel in the jar");
    }
    Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
    Path cat = Files.copy(Path.of("sample-images", "chelsea.png"), elsewhere.resolve("cat.png"));
    Run r = convlensIn(elsewhere, "predict", cat.toString(), "--model", "mobilenet", "--top", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Egyptian cat"), r.out());
  }

  @Test
  void versionNamesTheComponents() throws Exception {
    Run r = convlens("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("DJL 0.36.0") && r.out().contains("TensorFlow 2.16.1")
        && r.out().contains("JavaFX 21"), r.out());
  }

  @Test
  void badArgumentsExitWithUsage() throws Exception {
    Run r = convlens("predict");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("IMAGE"), r.err());
  }
}
