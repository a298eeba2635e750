package org.convlens.model;

import java.util.Arrays;
import java.util.List;
import org.convlens.tensor.Tensor;

/** Layers that move values without computing new ones: padding, cropping, upsampling, reshapes. */
public sealed interface Reshaping extends LayerConfig {

  /** How an image is resampled to another size. */
  enum Interpolation {
    NEAREST,
    /** Bilinear with half-pixel centres, as {@code tf.image.resize} (Keras 2.x with TF 2, Keras 3). */
    BILINEAR
  }

  /** Zero padding of the two spatial dimensions. */
  record ZeroPadding2D(int top, int bottom, int left, int right) implements Reshaping {
    public static ZeroPadding2D symmetric(int pad) {
      return new ZeroPadding2D(pad, pad, pad, pad);
    }

    public String kerasType() {
      return "ZeroPadding2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      return new int[] {in[0] + top + bottom, in[1] + left + right, in[2]};
    }
  }

  /** Removes rows and columns at the borders. */
  record Cropping2D(int top, int bottom, int left, int right) implements Reshaping {
    public String kerasType() {
      return "Cropping2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      int h = in[0] - top - bottom;
      int w = in[1] - left - right;
      if (h < 1 || w < 1) {
        throw new IllegalArgumentException("cropping leaves nothing of " + Tensor.formatShape(in));
      }
      return new int[] {h, w, in[2]};
    }
  }

  /** Repeats rows and columns ({@code nearest}) or interpolates ({@code bilinear}) by integer factors. */
  record UpSampling2D(int sizeHeight, int sizeWidth, Interpolation interpolation) implements Reshaping {
    public String kerasType() {
      return "UpSampling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, 3);
      return new int[] {in[0] * sizeHeight, in[1] * sizeWidth, in[2]};
    }
  }

  /** Flattens to a vector in channels-last (row-major) order. */
  record Flatten() implements Reshaping {
    public String kerasType() {
      return "Flatten";
    }

    public int[] outputShape(List<int[]> inputs) {
      return new int[] {Math.toIntExact(Tensor.sizeOf(Shapes.single(inputs, -1)))};
    }
  }

  /** A new shape for the same values (batch dimension excluded, as Keras's {@code target_shape}; one -1 allowed). */
  record Reshape(int[] targetShape) implements Reshaping {
    public Reshape {
      targetShape = targetShape.clone();
    }

    public String kerasType() {
      return "Reshape";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, -1);
      int[] out = targetShape.clone();
      long known = 1;
      int unknown = -1;
      for (int i = 0; i < out.length; i++) {
        if (out[i] == -1 && unknown < 0) {
          unknown = i;
        } else {
          known *= out[i];
        }
      }
      long size = Tensor.sizeOf(in);
      if (unknown >= 0 && known > 0 && size % known == 0) {
        out[unknown] = Math.toIntExact(size / known);
      }
      if (Arrays.stream(out).anyMatch(d -> d < 1) || Tensor.sizeOf(out) != size) {
        throw new IllegalArgumentException(
            "cannot reshape " + Tensor.formatShape(in) + " to " + Tensor.formatShape(targetShape));
      }
      return out;
    }
  }

  /** Reorders the axes: {@code dims} are Keras's, 1-based without the batch ({@code [2, 1, 3]} swaps h and w). */
  record Permute(int[] dims) implements Reshaping {
    public Permute {
      dims = dims.clone();
      int[] sorted = dims.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        if (sorted[i] != i + 1) {
          throw new IllegalArgumentException("Permute dims " + Arrays.toString(dims) + " are not a permutation of 1.."
              + dims.length);
        }
      }
    }

    public String kerasType() {
      return "Permute";
    }

    public int[] outputShape(List<int[]> inputs) {
      int[] in = Shapes.single(inputs, dims.length);
      int[] out = new int[dims.length];
      for (int i = 0; i < dims.length; i++) {
        out[i] = in[dims[i] - 1];
      }
      return out;
    }
  }
}
