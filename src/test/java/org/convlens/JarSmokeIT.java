package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user starts it ({@code java -jar target/convlens.jar ...}): catches what unit tests on
 * the class path cannot, such as a dependency missing from {@code target/lib/} or a broken manifest.
 */
class JarSmokeIT {
  @TempDir Path home;

  private record Run(int code, String out, String err) {}

  private Run convlens(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dconvlens.configDir=" + home.resolve("config"), "-jar", "target/convlens.jar"));
    command.addAll(List.of(args));
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
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
