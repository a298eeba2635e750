package org.convlens.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens a file with the program the desktop associates with it (a text editor for the log). */
final class SystemOpener {
  private SystemOpener() {}

  /** The command that opens {@code file} on the OS named {@code osName}. */
  static List<String> command(String osName, Path file) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return List.of("explorer.exe", file.toString());
    }
    if (os.startsWith("mac")) {
      return List.of("open", file.toString());
    }
    return List.of("xdg-open", file.toString());
  }

  /** Starts the opener and returns at once; the opener's own errors go nowhere, so callers say where the file is. */
  static void open(Path file) throws IOException {
    new ProcessBuilder(command(System.getProperty("os.name", ""), file))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
