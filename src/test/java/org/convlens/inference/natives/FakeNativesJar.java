package org.convlens.inference.natives;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A small stand-in for {@code tensorflow-core-native}: the same layout with a few fake libraries, so the
 * extractor is tested in milliseconds instead of copying 630 MB.
 */
final class FakeNativesJar {
  static final String FOLDER = "org/tensorflow/internal/c_api/linux-x86_64/";
  static final String JNI = "libjnitensorflow.so";

  /** Relative name to content. */
  final Map<String, byte[]> files = new LinkedHashMap<>();
  final Path jar;

  private FakeNativesJar(Path jar) {
    this.jar = jar;
  }

  /** A jar with a JNI library, two bigger libraries, a licence and a licence folder. */
  static FakeNativesJar create(Path dir, int bigSize) throws IOException {
    FakeNativesJar j = new FakeNativesJar(dir.resolve("tensorflow-core-native-test.jar"));
    Random r = new Random(7);
    j.files.put(JNI, bytes(r, 1000));
    j.files.put("libtensorflow_cc.so.2", bytes(r, bigSize));
    j.files.put("libtensorflow_framework.so.2", bytes(r, bigSize / 2));
    j.files.put("LICENSE", "Apache 2.0\n".getBytes());
    j.files.put("THIRD_PARTY_TF_JNI_LICENSES/zlib.txt", "zlib\n".getBytes());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(j.jar))) {
      for (String d : new String[] {"org/", "org/tensorflow/", "org/tensorflow/internal/",
          "org/tensorflow/internal/c_api/", FOLDER, FOLDER + "THIRD_PARTY_TF_JNI_LICENSES/",
          FOLDER + "EMPTY_FOLDER/"}) {
        out.putNextEntry(new JarEntry(d));
        out.closeEntry();
      }
      for (Map.Entry<String, byte[]> e : j.files.entrySet()) {
        write(out, FOLDER + e.getKey(), e.getValue());
      }
      write(out, "org/tensorflow/internal/c_api/other-file.txt", "not ours".getBytes());
    }
    return j;
  }

  /** A jar with nothing of TensorFlow in it. */
  static Path empty(Path dir) throws IOException {
    Path jar = dir.resolve("empty.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      write(out, "readme.txt", "nothing".getBytes());
    }
    return jar;
  }

  /** A loader that sees only {@code jar}, not the real natives on the test class path. */
  static URLClassLoader loaderOf(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  URLClassLoader loader() throws IOException {
    return loaderOf(jar);
  }

  private static void write(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(content);
    out.closeEntry();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
