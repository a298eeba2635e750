package org.convlens.model;

import org.convlens.model.LayerConfig.Padding;

/**
 * A 2-D sliding window, as convolutions and pooling use it: size, strides and dilation per axis
 * (height, width) and Keras's padding mode.
 */
public record Window(int height, int width, int strideHeight, int strideWidth, int dilationHeight, int dilationWidth,
    Padding padding) {
  public Window {
    if (height < 1 || width < 1 || strideHeight < 1 || strideWidth < 1 || dilationHeight < 1 || dilationWidth < 1) {
      throw new IllegalArgumentException("window sizes, strides and dilations must be positive");
    }
  }

  /** A square window with one stride and no dilation. */
  public static Window square(int size, int stride, Padding padding) {
    return new Window(size, size, stride, stride, 1, 1, padding);
  }

  /** Output height and width for an input of {@code h x w}. */
  public int[] outputSize(int h, int w) {
    return new int[] {
      padding.outputSize(h, (height - 1) * dilationHeight + 1, strideHeight),
      padding.outputSize(w, (width - 1) * dilationWidth + 1, strideWidth)
    };
  }

  public boolean dilated() {
    return dilationHeight != 1 || dilationWidth != 1;
  }
}
