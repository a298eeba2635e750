package org.convlens.ui.views;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Zoom out / zoom in / fit buttons and a percentage label around one zoom factor. Steps are whole factors
 * above 1 and simple fractions below, so pixels stay crisp squares at every step above 1.
 */
final class ZoomBar {
  static final double[] STEPS = {0.125, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16};

  private final DoubleProperty zoom = new SimpleDoubleProperty(1);
  private final Button out;
  private final Button in;
  private final Button fit;
  private final Label label = new Label();
  private final HBox node;
  private final Runnable onFit;
  private double minStep = STEPS[0];
  private double maxStep = STEPS[STEPS.length - 1];

  /** @param prefix id prefix: "mosaic" gives #mosaicZoomIn, #mosaicZoomOut, #mosaicZoomFit */
  ZoomBar(String prefix, Runnable onFit) {
    out = button(prefix + "ZoomOut", Feather.ZOOM_OUT, "Zoom out (-)");
    in = button(prefix + "ZoomIn", Feather.ZOOM_IN, "Zoom in (+)");
    fit = button(prefix + "ZoomFit", Feather.MAXIMIZE, "Fit to the window");
    out.setOnAction(e -> zoomOut());
    in.setOnAction(e -> zoomIn());
    this.onFit = onFit;
    fit.setOnAction(e -> fit());
    fit.setVisible(onFit != null);
    fit.setManaged(onFit != null);
    label.setId(prefix + "ZoomLevel");
    label.setMinWidth(44);
    label.textProperty().bind(zoom.multiply(100).asString("%.0f%%"));
    node = new HBox(4, out, in, fit, label);
    node.setAlignment(Pos.CENTER_LEFT);
  }

  private static Button button(String id, Feather icon, String tip) {
    Button b = new Button(null, new FontIcon(icon));
    b.setId(id);
    b.getStyleClass().addAll("button-icon", "flat");
    b.setTooltip(new Tooltip(tip));
    return b;
  }

  /**
   * The zoom that shows a {@code width x height} picture whole in {@code scroll}; 0 while either is empty. It
   * measures the pane without scroll bars, which a fitted picture no longer needs.
   */
  static double fitting(ScrollPane scroll, double width, double height) {
    Insets in = scroll.getInsets();
    double w = scroll.getWidth() - in.getLeft() - in.getRight();
    double h = scroll.getHeight() - in.getTop() - in.getBottom();
    if (w <= 0 || h <= 0 || width <= 0 || height <= 0) {
      return 0;
    }
    return Math.min(w / width, h / height);
  }

  /**
   * Shows {@code image} at {@code zoom} times its size: nearest neighbour when enlarging, so cells stay sharp
   * squares, and smoothed when shrinking, where dropping pixels would alias.
   */
  static void scale(ImageView image, double zoom) {
    if (image.getImage() != null) {
      image.setFitWidth(image.getImage().getWidth() * zoom);
      image.setFitHeight(image.getImage().getHeight() * zoom);
    }
    image.setSmooth(zoom < 1);
  }

  /** Ctrl (or Cmd) + mouse wheel over {@code target} zooms instead of scrolling. */
  void zoomOnCtrlWheel(Node target) {
    target.addEventFilter(ScrollEvent.SCROLL, e -> {
      if (e.isControlDown() || e.isShortcutDown()) {
        if (e.getDeltaY() > 0) {
          zoomIn();
        } else if (e.getDeltaY() < 0) {
          zoomOut();
        }
        e.consume();
      }
    });
  }

  HBox node() {
    return node;
  }

  DoubleProperty zoomProperty() {
    return zoom;
  }

  double zoom() {
    return zoom.get();
  }

  void setZoom(double value) {
    zoom.set(value);
  }

  /** Restricts the steps to whole factors from 1 to {@code max} (the filter grid wants integer zoom only). */
  void integerOnly(int max) {
    minStep = 1;
    maxStep = max;
  }

  /** What the Fit button does (nothing for a bar without one). */
  void fit() {
    if (onFit != null) {
      onFit.run();
    }
  }

  void zoomIn() {
    for (double s : STEPS) {
      if (s > zoom.get() + 1e-9 && s <= maxStep) {
        zoom.set(s);
        return;
      }
    }
  }

  void zoomOut() {
    for (int i = STEPS.length - 1; i >= 0; i--) {
      double s = STEPS[i];
      if (s < zoom.get() - 1e-9 && s >= minStep) {
        zoom.set(s);
        return;
      }
    }
  }
}
