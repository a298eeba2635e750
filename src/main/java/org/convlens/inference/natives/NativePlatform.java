package org.convlens.inference.natives;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The operating systems and CPUs for which TensorFlow Java publishes native libraries, named by the Maven
 * classifier of {@code tensorflow-core-native}, which is also the folder inside that jar.
 */
public enum NativePlatform {
  LINUX_X86_64("linux-x86_64", "lib", ".so"),
  MACOSX_ARM64("macosx-arm64", "lib", ".dylib"),
  MACOSX_X86_64("macosx-x86_64", "lib", ".dylib"),
  WINDOWS_X86_64("windows-x86_64", "", ".dll");

  private final String classifier;
  private final String libraryPrefix;
  private final String librarySuffix;

  NativePlatform(String classifier, String libraryPrefix, String librarySuffix) {
    this.classifier = classifier;
    this.libraryPrefix = libraryPrefix;
    this.librarySuffix = librarySuffix;
  }

  /** The platform this JVM runs on. */
  public static NativePlatform current() {
    return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /**
   * The platform for the given {@code os.name} and {@code os.arch} values.
   *
   * @throws UnsupportedPlatformException for anything TensorFlow Java has no natives for
   */
  public static NativePlatform of(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String family = os.startsWith("linux") ? "linux"
        : os.startsWith("mac") || os.startsWith("darwin") ? "macosx"
        : os.startsWith("windows") ? "windows" : null;
    String cpu = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64") ? "x86_64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : null;
    for (NativePlatform p : values()) {
      if (p.classifier.equals(family + "-" + cpu)) {
        return p;
      }
    }
    throw new UnsupportedPlatformException(osName, osArch);
  }

  /** The Maven classifier and jar folder name, e.g. {@code linux-x86_64}. */
  public String classifier() {
    return classifier;
  }

  /** The file name of a native library on this platform, as {@link System#mapLibraryName} would give. */
  public String libraryFileName(String name) {
    return libraryPrefix + name + librarySuffix;
  }

  /** "linux-x86_64, macosx-arm64, ...", for messages. */
  static String supportedList() {
    return Arrays.stream(values()).map(NativePlatform::classifier).collect(Collectors.joining(", "));
  }

  /** No TensorFlow natives exist for this operating system and CPU. */
  public static final class UnsupportedPlatformException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnsupportedPlatformException(String osName, String osArch) {
      super("unsupported platform " + osName + "/" + osArch + "; supported: " + supportedList());
    }
  }
}
