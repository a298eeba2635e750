package org.convlens.inference.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.convlens.inference.natives.NativePlatform.UnsupportedPlatformException;
import org.convlens.inference.natives.TensorFlowNatives.MissingNativesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowNativesTest {
  private static final Function<String, String> NO_ENV = k -> null;

  @TempDir Path tmp;

  @Test
  void detectsTheFourPlatformsFromOsNameAndArch() {
    assertEquals(NativePlatform.LINUX_X86_64, NativePlatform.of("Linux", "amd64"));
    assertEquals(NativePlatform.MACOSX_ARM64, NativePlatform.of("Mac OS X", "aarch64"));
    assertEquals(NativePlatform.MACOSX_X86_64, NativePlatform.of("Mac OS X", "x86_64"));
    assertEquals(NativePlatform.WINDOWS_X86_64, NativePlatform.of("Windows 11", "amd64"));
    assertEquals("jnitensorflow.dll", NativePlatform.WINDOWS_X86_64.libraryFileName("jnitensorflow"));
    assertEquals("libjnitensorflow.dylib", NativePlatform.MACOSX_ARM64.libraryFileName("jnitensorflow"));
    assertEquals(System.mapLibraryName("jnitensorflow"),
        NativePlatform.current().libraryFileName("jnitensorflow"), "matches what DJL looks for here");
  }

  @Test
  void anUnsupportedPlatformSaysWhichAreSupported() {
    UnsupportedPlatformException e =
        assertThrows(UnsupportedPlatformException.class, () -> NativePlatform.of("SunOS", "sparcv9"));
    assertEquals("unsupported platform SunOS/sparcv9; supported: linux-x86_64, macosx-arm64, "
        + "macosx-x86_64, windows-x86_64", e.getMessage());
    assertThrows(UnsupportedPlatformException.class, () -> NativePlatform.of("Linux", "aarch64"));
  }

  @Test
  void extractsIntoTheVersionedFolderAndPointsDjlAndJavaCppAtIt() throws IOException {
    FakeNativesJar jar = FakeNativesJar.create(tmp, 10_000);
    Properties props = new Properties();
    try (URLClassLoader loader = jar.loader()) {
      TensorFlowNatives natives = new TensorFlowNatives(tmp.resolve("root"), NativePlatform.LINUX_X86_64,
          loader, props, NO_ENV);

      NativeExtractor.Result first = natives.prepare();
      NativeExtractor.Result second = natives.prepare();

      Path expected = tmp.resolve("root/tensorflow-natives/1.0.0-rc.1-linux-x86_64");
      assertEquals(expected, first.folder());
      assertTrue(first.extracted());
      assertFalse(second.extracted(), "reused, not extracted again");
      assertTrue(Files.isRegularFile(expected.resolve("libjnitensorflow.so")));
      assertEquals(expected.toString(), props.getProperty("TENSORFLOW_LIBRARY_PATH"));
      assertEquals("true", props.getProperty("org.bytedeco.javacpp.pathsFirst"));
      assertEquals(expected, natives.ensureExtracted());
    }
  }

  @Test
  void aUsersJavaCppSettingIsKept() throws IOException {
    FakeNativesJar jar = FakeNativesJar.create(tmp, 1000);
    Properties props = new Properties();
    props.setProperty("org.bytedeco.javacpp.pathsFirst", "false");
    try (URLClassLoader loader = jar.loader()) {
      new TensorFlowNatives(tmp.resolve("root"), NativePlatform.LINUX_X86_64, loader, props, NO_ENV)
          .ensureExtracted();
    }
    assertEquals("false", props.getProperty("org.bytedeco.javacpp.pathsFirst"));
  }

  @Test
  void missingNativesJarSaysToBuildWithTheProfileForTheOs() throws IOException {
    try (URLClassLoader loader = FakeNativesJar.loaderOf(FakeNativesJar.empty(tmp))) {
      Properties props = new Properties();
      MissingNativesException e = assertThrows(MissingNativesException.class, () -> new TensorFlowNatives(
          tmp.resolve("root"), NativePlatform.LINUX_X86_64, loader, props, NO_ENV).ensureExtracted());

      assertTrue(e.getMessage().startsWith("TensorFlow native libraries for linux-x86_64 are not on the "
          + "class path: build with the Maven profile for your OS"), e.getMessage());
      assertTrue(props.isEmpty(), "nothing set for DJL");
    }
  }

  @Test
  void theLinuxJarDoesNotServeWindows() throws IOException {
    FakeNativesJar jar = FakeNativesJar.create(tmp, 1000);
    try (URLClassLoader loader = jar.loader()) {
      MissingNativesException e = assertThrows(MissingNativesException.class, () -> new TensorFlowNatives(
          tmp.resolve("root"), NativePlatform.WINDOWS_X86_64, loader, new Properties(), NO_ENV)
          .ensureExtracted());
      assertTrue(e.getMessage().contains("windows-x86_64"), e.getMessage());
    }
  }

  @Test
  void aLibraryPathTheUserSetIsUsedAsIs() throws IOException {
    Path own = Files.createDirectories(tmp.resolve("my-tf"));
    Files.write(own.resolve("libjnitensorflow.so"), new byte[] {1});
    Map<String, String> env = Map.of("TENSORFLOW_LIBRARY_PATH", own.toString());
    try (URLClassLoader loader = FakeNativesJar.loaderOf(FakeNativesJar.empty(tmp))) {
      Path used = new TensorFlowNatives(tmp.resolve("root"), NativePlatform.LINUX_X86_64, loader,
          new Properties(), env::get).ensureExtracted();
      assertEquals(own, used);
    }
    assertFalse(Files.exists(tmp.resolve("root")), "nothing extracted");
  }

  @Test
  void aLibraryPathInTheEnvironmentWithoutTheLibraryIsAnError() throws IOException {
    FakeNativesJar jar = FakeNativesJar.create(tmp, 1000);
    Path empty = Files.createDirectories(tmp.resolve("nothing-here"));
    Map<String, String> env = Map.of("TENSORFLOW_LIBRARY_PATH", empty.toString());
    try (URLClassLoader loader = jar.loader()) {
      MissingNativesException e = assertThrows(MissingNativesException.class, () -> new TensorFlowNatives(
          tmp.resolve("root"), NativePlatform.LINUX_X86_64, loader, new Properties(), env::get)
          .ensureExtracted());
      assertTrue(e.getMessage().contains("environment") && e.getMessage().contains(empty.toString())
          && e.getMessage().contains("libjnitensorflow.so"), e.getMessage());
    }
  }

  @Test
  void theCacheRootFollowsThePropertyOrTheOsConvention() {
    Properties linux = props("Linux", "/home/u");
    assertEquals(Path.of("/home/u/.cache/convlens"), TensorFlowNatives.defaultCacheRoot(linux, NO_ENV));
    assertEquals(Path.of("/xdg/convlens"),
        TensorFlowNatives.defaultCacheRoot(linux, Map.of("XDG_CACHE_HOME", "/xdg")::get));
    assertEquals(Path.of("/home/u/Library/Caches/convlens"),
        TensorFlowNatives.defaultCacheRoot(props("Mac OS X", "/home/u"), NO_ENV));
    assertEquals(Path.of("/appdata/local", "convlens", "cache"), TensorFlowNatives.defaultCacheRoot(
        props("Windows 11", "/home/u"), Map.of("LOCALAPPDATA", "/appdata/local")::get));
    linux.setProperty("convlens.cacheDir", tmp.toString());
    assertEquals(tmp, TensorFlowNatives.defaultCacheRoot(linux, NO_ENV));
    TensorFlowNatives n = new TensorFlowNatives(null, null, getClass().getClassLoader(), linux, NO_ENV);
    assertEquals(tmp.resolve("tensorflow-natives/1.0.0-rc.1-macosx-arm64"),
        n.cacheFolder(NativePlatform.MACOSX_ARM64));
  }

  @Test
  void theRealNativesJarOnTheClassPathHasTheLibrariesDjlNeeds() throws IOException {
    assumeTrue(NativePlatform.current() == NativePlatform.LINUX_X86_64, "checked on linux-x86_64 only");
    Map<String, Long> files = new NativeExtractor(getClass().getClassLoader())
        .list(TensorFlowNatives.resourceFolder(NativePlatform.LINUX_X86_64), "libjnitensorflow.so");

    assertEquals(759_976L, files.get("libjnitensorflow.so"));
    assertEquals(582_170_592L, files.get("libtensorflow_cc.so.2"));
    assertEquals(49_378_880L, files.get("libtensorflow_framework.so.2"));
    assertTrue(files.containsKey("LICENSE"));
  }

  /** Copies 630 MB (several seconds): run on purpose with -Dconvlens.test.realNatives=true. */
  @Test
  @EnabledIfSystemProperty(named = "convlens.test.realNatives", matches = "true")
  void extractsTheRealNatives() throws IOException {
    Properties props = new Properties();
    TensorFlowNatives natives = new TensorFlowNatives(tmp, null, getClass().getClassLoader(), props, NO_ENV);
    NativeExtractor.Result first = natives.prepare();
    NativeExtractor.Result second = natives.prepare();
    System.out.printf("real natives: %d MB extracted in %d ms, checked again in %d ms%n",
        first.bytes() >> 20, first.took().toMillis(), second.took().toMillis());
    assertTrue(first.extracted());
    assertFalse(second.extracted());
    assertTrue(Files.size(first.folder().resolve("libtensorflow_cc.so.2")) > 500_000_000L);
  }

  private static Properties props(String os, String home) {
    Properties p = new Properties();
    p.setProperty("os.name", os);
    p.setProperty("user.home", home);
    return p;
  }
}
