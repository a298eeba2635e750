package org.convlens.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convlens.tensor.Tensor;

/**
 * Reads a NumPy {@code .npy} file of little-endian float32 in C order (what {@link NpyWriter} writes, and
 * what {@code numpy.save} writes for a float32 array), format versions 1 to 3; float64, numpy's default, is
 * rounded to float32.
 */
public final class NpyReader {
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  public static Tensor read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[NpyWriter.MAGIC.length];
    if (b.remaining() < 10) {
      throw new IOException(file + " is too short for a NumPy .npy file");
    }
    b.get(magic);
    if (!Arrays.equals(magic, NpyWriter.MAGIC)) {
      throw new IOException(file + " is not a NumPy .npy file (bad magic)");
    }
    int major = b.get() & 0xFF;
    b.get(); // minor
    long headerLength = switch (major) {
      case 1 -> b.getShort() & 0xFFFF;
      case 2, 3 -> b.getInt() & 0xFFFFFFFFL;
      default -> throw new IOException(file + ": unsupported .npy version " + major);
    };
    if (headerLength > b.remaining()) {
      throw new IOException(file + ": header runs past the end of the file");
    }
    byte[] headerBytes = new byte[(int) headerLength];
    b.get(headerBytes);
    String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, "descr", header, file);
    // float64 is numpy's default; Keras casts it to float32 before a model sees it, and so do we.
    int bytesPerValue = switch (descr) {
      case "<f4" -> Float.BYTES;
      case "<f8" -> Double.BYTES;
      default -> throw new IOException(file + ": only little-endian float32 ('<f4') or float64 ('<f8') arrays are "
          + "supported, not '" + descr + "'; convert it with x.astype('float32')");
    };
    if (group(FORTRAN, "fortran_order", header, file).equals("True")) {
      throw new IOException(file + ": Fortran-order arrays are not supported");
    }
    int[] shape = Arrays.stream(group(SHAPE, "shape", header, file).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    long size = Tensor.sizeOf(shape);
    if (size * bytesPerValue != b.remaining()) {
      throw new IOException(file + ": shape " + Tensor.formatShape(shape) + " needs " + size * bytesPerValue
          + " bytes of data, the file has " + b.remaining());
    }
    float[] data = new float[Math.toIntExact(size)];
    if (bytesPerValue == Float.BYTES) {
      b.asFloatBuffer().get(data);
    } else {
      DoubleBuffer doubles = b.asDoubleBuffer();
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) doubles.get(i);
      }
    }
    return Tensor.of(data, shape);
  }

  private static String group(Pattern p, String key, String header, Path file) throws IOException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IOException(file + ": .npy header has no readable '" + key + "': " + header.strip());
    }
    return m.group(1);
  }
}
