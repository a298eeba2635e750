package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convlens.model.ModelSummary;
import org.convlens.model.ResNet50V2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTableCsvTest {
  @TempDir Path dir;

  @Test
  void headerAndOneQuotedLinePerLayer() {
    List<ModelSummary.Row> rows = List.of(
        new ModelSummary.Row("conv1_conv", "Conv2D", new int[] {112, 112, 64}, 9472, List.of("conv1_pad")),
        new ModelSummary.Row("conv2_block1_out", "Add", new int[] {56, 56, 256}, 0,
            List.of("conv2_block1_0_conv", "conv2_block1_3_conv")));
    assertEquals("layer,type,output shape,parameters,inbound\r\n"
        + "conv1_conv,Conv2D,\"(None, 112, 112, 64)\",9472,conv1_pad\r\n"
        + "conv2_block1_out,Add,\"(None, 56, 56, 256)\",0,\"conv2_block1_0_conv, conv2_block1_3_conv\"\r\n",
        LayerTableCsv.csv(rows));
  }

  @Test
  void quotesAndLineBreaksInNamesAreQuotedAndDoubled() {
    assertEquals("plain", LayerTableCsv.field("plain"));
    assertEquals("\"say \"\"hi\"\"\"", LayerTableCsv.field("say \"hi\""));
    assertEquals("\"a\nb\"", LayerTableCsv.field("a\nb"));
    assertEquals("\"a\r\"", LayerTableCsv.field("a\r"));
    assertEquals("\"x,y\"", LayerTableCsv.field("x,y"));
  }

  @Test
  void theWholeResNetTableReadsBackRowByRow() throws IOException {
    ModelSummary summary = ModelSummary.of(ResNet50V2.graph(true));
    Path file = dir.resolve("layers.csv");
    LayerTableCsv.write(file, summary.rows());
    List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(summary.rows().size() + 1, records.size());
    assertEquals(List.of("layer", "type", "output shape", "parameters", "inbound"), records.get(0));
    long total = 0;
    for (int i = 0; i < summary.rows().size(); i++) {
      ModelSummary.Row row = summary.rows().get(i);
      List<String> rec = records.get(i + 1);
      assertEquals(List.of(row.layer(), row.type(), row.formattedShape(), Long.toString(row.params()),
          String.join(", ", row.inbound())), rec);
      total += Long.parseLong(rec.get(3));
    }
    assertEquals(summary.totalParams(), total);
    assertTrue(Files.readString(file).endsWith("\r\n"));
  }

  /** A small RFC 4180 reader, independent of the writer's code. */
  private static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    return records;
  }
}
