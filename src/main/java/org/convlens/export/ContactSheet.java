package org.convlens.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.convlens.files.AtomicFiles;
import org.convlens.model.Prediction;

/**
 * A small self-contained {@code index.html} that shows what made the exported pictures (model, weights, image,
 * and a warning when the weights are untrained), the predictions table and the pictures with their captions, so
 * a folder of views can be opened in any browser and still says what it is. Everything is HTML-escaped and the
 * image links are percent-encoded, since layer and file names come from the model and the user.
 */
public final class ContactSheet {
  /** One picture: its file name relative to the page, and what it shows. */
  public record Entry(String file, String caption) {}

  private ContactSheet() {}

  /** Shown above everything else when the weights are random, as the app's untrained badge is. */
  static final String UNTRAINED_WARNING = "Untrained weights: the network has random weights, so these"
      + " predictions are meaningless and the pictures show no learned features.";

  public static String html(String title, RunInfo run, List<Entry> entries, List<Prediction> predictions) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;background:#fafafa;color:#222}\n")
        .append("figure{margin:0 0 2em}img{max-width:100%;image-rendering:pixelated;border:1px solid #ccc}\n")
        .append("figcaption{margin-top:.4em;color:#444}table{border-collapse:collapse;margin-bottom:2em}\n")
        .append("td,th{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:left}td.p{text-align:right}\n")
        .append("dl.run{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}\n")
        .append(".warning{background:#fff3cd;border:1px solid #e0b400;padding:.6em 1em;font-weight:bold}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    if (run.untrained()) {
      h.append("<p class=\"warning\">").append(escape(UNTRAINED_WARNING)).append("</p>\n");
    }
    h.append("<dl class=\"run\">\n");
    definition(h, "Model", run.model());
    definition(h, "Weights", run.weightsText());
    if (!run.imageFile().isEmpty()) {
      definition(h, "Image", run.imageFile());
    }
    if (!run.preprocessing().isEmpty()) {
      definition(h, "Preprocessing", run.preprocessing());
    }
    h.append("</dl>\n");
    if (!predictions.isEmpty() && predictions.get(0).label() == null) {
      // Raw outputs of a head that is not ImageNet's: no names, and not necessarily probabilities.
      h.append("<table>\n<tr><th>#</th><th>Unit</th><th>Output</th></tr>\n");
      int rank = 1;
      for (Prediction p : predictions) {
        h.append("<tr><td>").append(rank++).append("</td><td>").append(p.classIndex())
            .append("</td><td class=\"p\">").append(String.format(Locale.ROOT, "%.4g", p.probability()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    } else if (!predictions.isEmpty()) {
      h.append("<table>\n<tr><th>#</th><th>Class</th><th>Label</th><th>Probability</th></tr>\n");
      int rank = 1;
      for (Prediction p : predictions) {
        h.append("<tr><td>").append(rank++).append("</td><td>").append(p.classIndex())
            .append("</td><td>").append(escape(p.label())).append("</td><td class=\"p\">")
            .append(String.format(Locale.ROOT, "%.2f %%", p.probability() * 100)).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    for (Entry e : entries) {
      String href = escape(encodePath(e.file()));
      h.append("<figure>\n<a href=\"").append(href).append("\"><img src=\"").append(href)
          .append("\" alt=\"").append(escape(e.caption())).append("\" loading=\"lazy\"></a>\n<figcaption>")
          .append(escape(e.caption())).append("</figcaption>\n</figure>\n");
    }
    return h.append("</body>\n</html>\n").toString();
  }

  private static void definition(StringBuilder h, String term, String value) {
    h.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
  }

  /** Writes {@link #html} to {@code file} atomically, UTF-8. */
  public static void write(Path file, String title, RunInfo run, List<Entry> entries,
      List<Prediction> predictions) throws IOException {
    AtomicFiles.write(file, html(title, run, entries, predictions).getBytes(StandardCharsets.UTF_8));
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Percent-encodes everything but unreserved characters and '/', so any file name is a relative link. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
