package org.convlens.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void headerIsExactlyWhatNumpyWrites() throws IOException {
    float[] d = new float[24];
    for (int i = 0; i < d.length; i++) {
      d[i] = i * 0.5f - 3;
    }
    Path file = dir.resolve("a.npy");
    NpyWriter.write(file, Tensor.of(d, 2, 3, 4));
    byte[] bytes = Files.readAllBytes(file);

    // magic, version 1.0, header length 118 (little-endian) so the header totals 128 bytes
    assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(bytes, 10));
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }";
    String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
    assertEquals(dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n", header);
    assertEquals(128 + 24 * 4, bytes.length);
    // data: little-endian float32, C order; d[1] = -2.5f is 0xC0200000
    assertArrayEquals(new byte[] {0, 0, 0x20, (byte) 0xC0}, Arrays.copyOfRange(bytes, 132, 136));
    ByteBuffer data = ByteBuffer.wrap(bytes, 128, 96).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : d) {
      assertEquals(v, data.getFloat());
    }
  }

  @Test
  void oneDimensionalShapeHasATrailingComma() {
    String h = new String(NpyWriter.header(new int[] {1000}), StandardCharsets.US_ASCII);
    assertTrue(h.contains("'shape': (1000,), }"), h);
    assertEquals(0, h.length() % 64);
    assertTrue(h.endsWith(" \n"));
  }

  @Test
  void headersAlwaysAlignTo64() {
    for (int[] shape : new int[][] {{}, {1}, {112, 112, 64}, {1, 224, 224, 3}, {7, 7, 3, 64},
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}) {
      byte[] h = NpyWriter.header(shape);
      assertEquals(0, h.length % 64, Arrays.toString(shape));
      assertEquals(h.length - 10, (h[8] & 0xFF) | (h[9] & 0xFF) << 8);
      assertEquals('\n', h[h.length - 1]);
    }
  }

  @Test
  void roundTripsThroughTheReader() throws IOException {
    float[] d = {1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, 3e38f};
    Path file = dir.resolve("b.npy");
    NpyWriter.write(file, Tensor.of(d, 1, 2, 3));
    Tensor back = NpyReader.read(file);
    assertArrayEquals(new int[] {1, 2, 3}, back.shape());
    for (int i = 0; i < d.length; i++) {
      assertEquals(Float.floatToRawIntBits(d[i]), Float.floatToRawIntBits(back.data()[i]));
    }
    NpyWriter.write(file, Tensor.of(new float[1000], 1000));
    assertArrayEquals(new int[] {1000}, NpyReader.read(file).shape());
  }

  @Test
  void readerRejectsWhatItCannotRead() throws IOException {
    Path file = dir.resolve("c.npy");
    Files.write(file, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
    assertTrue(assertThrows(IOException.class, () -> NpyReader.read(file)).getMessage().contains("magic"));
    byte[] header = NpyWriter.header(new int[] {4});
    byte[] i8 = new String(header, StandardCharsets.ISO_8859_1).replace("<f4", "<i8")
        .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, Arrays.copyOf(i8, i8.length + 32));
    assertTrue(assertThrows(IOException.class, () -> NpyReader.read(file)).getMessage().contains("<i8"));
    Files.write(file, Arrays.copyOf(header, header.length + 8)); // 2 floats for a shape of 4
    assertTrue(assertThrows(IOException.class, () -> NpyReader.read(file)).getMessage().contains("(4,)"));
  }

  @Test
  void float64IsRoundedToFloat32AsKerasDoesBeforePredicting() throws IOException {
    double[] values = {0.1, -2.5, 1e300, 123456.789};
    byte[] header = new String(NpyWriter.header(new int[] {2, 2}), StandardCharsets.ISO_8859_1)
        .replace("<f4", "<f8").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(header.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (double v : values) {
      b.putDouble(v);
    }
    Path file = dir.resolve("f8.npy");
    Files.write(file, b.array());
    Tensor t = NpyReader.read(file);
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertArrayEquals(new float[] {0.1f, -2.5f, Float.POSITIVE_INFINITY, 123456.79f}, t.data());
  }
}
