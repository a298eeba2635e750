package org.convlens.tensor;

import java.util.Arrays;

/**
 * A dense float tensor in C (row-major) order: the one data contract between inference, visualisation and
 * export. Activations are channels-last, so a feature map is {@code [height, width, channels]} and a Conv2D
 * kernel is {@code [kh, kw, in, out]}, as Keras stores them.
 *
 * <p>The data array is shared, not copied, because activations are large (conv1 alone is 800k floats):
 * treat a tensor as immutable once made.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] data;

  private Tensor(int[] shape, float[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** Wraps {@code data} (not copied) with the given shape; the sizes must agree. */
  public static Tensor of(float[] data, int... shape) {
    long size = sizeOf(shape);
    if (size != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + size + " values but the data has " + data.length);
    }
    return new Tensor(shape.clone(), data);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(shape.clone(), new float[Math.toIntExact(sizeOf(shape))]);
  }

  /** The number of values a tensor of this shape holds; rejects negative dimensions. */
  public static long sizeOf(int... shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    return size;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code axis}; negative axes count from the end, as in NumPy. */
  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  public int size() {
    return data.length;
  }

  /** The backing array, not a copy: read it, do not change it. */
  public float[] data() {
    return data;
  }

  /** The value at the given index, one coordinate per dimension. */
  public float get(int... index) {
    return data[offset(index)];
  }

  /** Flat position of {@code index} in C order. */
  public int offset(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index of rank " + index.length + " for a tensor of shape " + Arrays.toString(shape));
    }
    int offset = 0;
    for (int i = 0; i < shape.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
      }
      offset = offset * shape[i] + index[i];
    }
    return offset;
  }

  /** The same data seen with another shape of the same size (e.g. dropping a batch dimension of 1). */
  public Tensor reshape(int... newShape) {
    return of(data, newShape);
  }

  /** Shape as Keras prints it, e.g. {@code (112, 112, 64)}. */
  public static String formatShape(int... shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  @Override
  public String toString() {
    return "Tensor" + formatShape(shape);
  }
}
