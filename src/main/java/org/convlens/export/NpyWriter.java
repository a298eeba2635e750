package org.convlens.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.convlens.files.AtomicFiles;
import org.convlens.tensor.Tensor;

/**
 * Writes a tensor as a NumPy {@code .npy} file (format 1.0, little-endian float32, C order), so
 * {@code numpy.load} gives back exactly the array ConvLens showed, for checks against Keras.
 */
public final class NpyWriter {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy aligns the data to 64 bytes, so the whole header is padded to a multiple of it. */
  static final int ALIGN = 64;
  private static final int CHUNK_FLOATS = 16384;

  private NpyWriter() {}

  /** Writes {@code tensor} to {@code file} atomically. */
  public static void write(Path file, Tensor tensor) throws IOException {
    byte[] header = header(tensor.shape());
    AtomicFiles.write(file, out -> {
      out.write(header);
      writeData(tensor.data(), out);
    });
  }

  /**
   * The complete header for a float32 C-order array of {@code shape}: magic, version 1.0, the little-endian
   * uint16 length of what follows, and the dict padded with spaces and ended by a newline.
   */
  static byte[] header(int[] shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + Tensor.formatShape(shape) + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
    int headerLength = total - MAGIC.length - 4;
    if (headerLength > 0xFFFF) {
      throw new IllegalArgumentException("shape too long for an .npy 1.0 header: " + Tensor.formatShape(shape));
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
    b.put(dict.getBytes(StandardCharsets.US_ASCII));
    while (b.position() < total - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  private static void writeData(float[] data, OutputStream out) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, data.length - start);
      bytes.clear();
      bytes.asFloatBuffer().put(data, start, n);
      out.write(bytes.array(), 0, n * Float.BYTES);
    }
  }
}
