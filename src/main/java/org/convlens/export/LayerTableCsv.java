package org.convlens.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.convlens.files.AtomicFiles;
import org.convlens.model.ModelSummary;

/**
 * The Model tab's layer table as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or
 * line break in double quotes with its quotes doubled), for spreadsheets and scripts.
 */
public final class LayerTableCsv {
  static final String HEADER = "layer,type,output shape,parameters,inbound";

  private LayerTableCsv() {}

  /** The header line and one line per row; the output shape as Keras prints it, inbound layers by ", ". */
  public static String csv(List<ModelSummary.Row> rows) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (ModelSummary.Row r : rows) {
      out.append(field(r.layer())).append(',')
          .append(field(r.type())).append(',')
          .append(field(r.formattedShape())).append(',')
          .append(r.params()).append(',')
          .append(field(String.join(", ", r.inbound()))).append("\r\n");
    }
    return out.toString();
  }

  /** Writes {@link #csv} to {@code file} atomically, UTF-8. */
  public static void write(Path file, List<ModelSummary.Row> rows) throws IOException {
    AtomicFiles.write(file, csv(rows).getBytes(StandardCharsets.UTF_8));
  }

  static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
