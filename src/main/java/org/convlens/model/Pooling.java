package org.convlens.model;

import java.util.List;
import org.convlens.model.LayerConfig.Padding;

/** 2-D pooling over windows and over the whole image. Inputs are {@code [h, w, c]}. */
public sealed interface Pooling extends LayerConfig {

  /** Max pooling; padding {@code same} never picks a padded position. */
  record MaxPooling2D(Window window) implements Pooling {
    /** Square window and strides. */
    public MaxPooling2D(int poolSize, int stride, Padding padding) {
      this(Window.square(poolSize, stride, padding));
    }

    public String kerasType() {
      return "MaxPooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      return pooled(window, inputs);
    }
  }

  /** Average pooling; with padding {@code same} the average is over the window's positions inside the image. */
  record AveragePooling2D(Window window) implements Pooling {
    public String kerasType() {
      return "AveragePooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      return pooled(window, inputs);
    }
  }

  /** Mean over the spatial dimensions: {@code [h, w, c] -> [c]}, or {@code [1, 1, c]} with {@code keepDims}. */
  record GlobalAveragePooling2D(boolean keepDims) implements Pooling {
    public String kerasType() {
      return "GlobalAveragePooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      return global(keepDims, inputs);
    }
  }

  /** Maximum over the spatial dimensions: {@code [h, w, c] -> [c]}, or {@code [1, 1, c]} with {@code keepDims}. */
  record GlobalMaxPooling2D(boolean keepDims) implements Pooling {
    public String kerasType() {
      return "GlobalMaxPooling2D";
    }

    public int[] outputShape(List<int[]> inputs) {
      return global(keepDims, inputs);
    }
  }

  private static int[] pooled(Window window, List<int[]> inputs) {
    int[] in = Shapes.single(inputs, 3);
    int[] hw = window.outputSize(in[0], in[1]);
    return new int[] {hw[0], hw[1], in[2]};
  }

  private static int[] global(boolean keepDims, List<int[]> inputs) {
    int c = Shapes.single(inputs, 3)[2];
    return keepDims ? new int[] {1, 1, c} : new int[] {c};
  }
}
