package org.convlens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions ConvLens was built with (filled in by Maven), for the About box and {@code --version}. */
public record Versions(String app, String djl, String tensorflowJava, String javafx) {
  /** TensorFlow's own version in the natives DJL 0.36 runs (TensorFlow Java 1.0.0-rc.1). */
  public static final String TENSORFLOW = "2.16.1";

  public static Versions load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Versions(p.getProperty("convlens", "?"), p.getProperty("djl", "?"),
        p.getProperty("tensorflow.java", "?"), p.getProperty("javafx", "?"));
  }

  /** One line per component. */
  public String[] lines() {
    return new String[] {
      "ConvLens " + app,
      "DJL " + djl + ", TensorFlow " + TENSORFLOW + " (TensorFlow Java " + tensorflowJava + ")",
      "JavaFX " + javafx + ", Java " + System.getProperty("java.version")
    };
  }
}
