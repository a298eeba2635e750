package org.convlens.ui.views;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.convlens.image.RgbImage;
import org.convlens.viz.Raster;

/**
 * Converts ConvLens's plain pixel buffers to JavaFX images at the edge of the UI, with one bulk
 * {@code setPixels} call rather than one call per pixel (a conv1 mosaic has almost a million pixels).
 */
public final class FxImages {
  private FxImages() {}

  /** A new image with the raster's ARGB pixels; the raster must not be empty. */
  public static Image of(Raster raster) {
    return image(raster.width(), raster.height(), raster.pixels());
  }

  /** A new opaque image of {@code rgb}: its pixels carry no alpha, so it is added here. */
  public static Image of(RgbImage rgb) {
    int[] src = rgb.pixels();
    int[] argb = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      argb[i] = 0xFF000000 | src[i];
    }
    return image(rgb.width(), rgb.height(), argb);
  }

  private static Image image(int width, int height, int[] argb) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("cannot show an empty " + width + "x" + height + " image");
    }
    WritableImage image = new WritableImage(width, height);
    image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
    return image;
  }
}
