package org.convlens.image;

import java.awt.image.Raster;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * Reads a colour JPEG that carries an ICC profile the way Pillow (and so Keras) does: the decoded YCbCr samples
 * converted to RGB with libjpeg's own fixed-point formula, the profile ignored. Java's readers convert such
 * images through the profile instead, which shifts pixels by several levels (5.7 on average for the sample
 * rocket photo) and so changes what the network sees compared with Keras.
 */
final class JpegSamples {
  private static final String FORMAT = "javax_imageio_jpeg_image_1.0";
  private static final int SCALE_BITS = 16;
  private static final int HALF = 1 << (SCALE_BITS - 1);
  private static final int CR_R = fix(1.40200);
  private static final int CB_G = fix(0.34414);
  private static final int CR_G = fix(0.71414);
  private static final int CB_B = fix(1.77200);

  private JpegSamples() {}

  /** Whether {@code metadata} describes a three-component YCbCr JPEG with an embedded ICC profile. */
  static boolean isProfiledYCbCr(IIOMetadata metadata) {
    if (metadata == null || !FORMAT.equals(metadata.getNativeMetadataFormatName())) {
      return false;
    }
    Node root = metadata.getAsTree(FORMAT);
    Node icc = find(root, "app2ICC");
    Node sof = find(root, "sof");
    Node adobe = find(root, "app14Adobe");
    boolean threeComponents = sof != null && "3".equals(attribute(sof, "numFrameComponents"));
    // Adobe's transform 0 means the samples are RGB already; no Adobe marker or transform 1 means YCbCr.
    boolean yCbCr = adobe == null || "1".equals(attribute(adobe, "transform"));
    return icc != null && threeComponents && yCbCr;
  }

  /** libjpeg's YCbCr to RGB conversion ({@code jdcolor.c}), on a raw three-band raster. */
  static RgbImage toRgb(Raster ycc) {
    int w = ycc.getWidth();
    int h = ycc.getHeight();
    int[] y = ycc.getSamples(0, 0, w, h, 0, (int[]) null);
    int[] cb = ycc.getSamples(0, 0, w, h, 1, (int[]) null);
    int[] cr = ycc.getSamples(0, 0, w, h, 2, (int[]) null);
    int[] rgb = new int[y.length];
    for (int i = 0; i < rgb.length; i++) {
      int b0 = cb[i] - 128;
      int r0 = cr[i] - 128;
      int r = clamp(y[i] + ((CR_R * r0 + HALF) >> SCALE_BITS));
      int g = clamp(y[i] + ((-CB_G * b0 - CR_G * r0 + HALF) >> SCALE_BITS));
      int b = clamp(y[i] + ((CB_B * b0 + HALF) >> SCALE_BITS));
      rgb[i] = r << 16 | g << 8 | b;
    }
    return new RgbImage(w, h, rgb);
  }

  private static int fix(double x) {
    return (int) (x * (1L << SCALE_BITS) + 0.5);
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static Node find(Node node, String name) {
    if (name.equals(node.getNodeName())) {
      return node;
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      Node found = find(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String attribute(Node node, String name) {
    Node a = node.getAttributes() == null ? null : node.getAttributes().getNamedItem(name);
    return a == null ? null : a.getNodeValue();
  }
}
