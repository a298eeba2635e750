package org.convlens.ui.views;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.convlens.Diagnostics;
import org.convlens.export.RunInfo;
import org.convlens.model.Network;
import org.convlens.model.ResNet50V2;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.Analysis;
import org.convlens.viz.Mosaic;

/**
 * Words and small nodes the views share: descriptions of the view options (the same wording as the exported
 * bundles), PNG metadata, placeholders and the default error sink.
 */
final class ViewText {
  private static final System.Logger LOG = System.getLogger(ViewText.class.getName());

  private ViewText() {}

  /** The info line under a mosaic: "64 of 256 channels · 3 dead · 0 non-finite". */
  static String mosaicInfo(Mosaic m) {
    String order = switch (m.options().order()) {
      case INDEX -> "";
      case MEAN -> " (most active by mean)";
      case MAX -> " (most active by peak)";
    };
    return m.tiles().size() + " of " + m.channelCount() + " channels" + order + " · " + m.deadChannels()
        + " dead · " + m.nonFiniteValues() + " non-finite";
  }

  /** Provenance every exported view carries; the analysis may be null (the Filters view without an image). */
  static Map<String, String> runMetadata(Network network, Analysis analysis) {
    String model = network != null ? network.graph().name() : ResNet50V2.NAME;
    WeightsOrigin weights = analysis != null ? analysis.weights() : network != null ? network.origin() : null;
    return RunInfo.of(model, weights, analysis != null ? analysis.source() : null,
        analysis != null ? analysis.input().mode().id() : "").metadata();
  }

  /** A small grey label, for what a control is. */
  static Label muted(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("text-muted");
    return l;
  }

  /** A control with its muted label in front. */
  static HBox labelled(String text, Node node) {
    HBox box = new HBox(6, muted(text), node);
    box.setAlignment(Pos.CENTER_LEFT);
    return box;
  }

  /**
   * Offers {@code network}'s layers with a spatial map in {@code box}, {@code preferred} chosen; nothing changes
   * while the same layers are offered and one is chosen (a new image keeps the user's choice). Empty without a
   * network.
   */
  static void offerMapLayers(ComboBox<String> box, Network network, Function<Network, String> preferred) {
    if (network == null) {
      box.getItems().clear();
      return;
    }
    List<String> maps = network.graph().mapLayers();
    if (maps.equals(box.getItems()) && box.getValue() != null) {
      return;
    }
    box.getItems().setAll(maps);
    box.setValue(preferred.apply(network));
  }

  /** A centred, muted message shown where a picture will be. */
  static Label placeholder(String text) {
    Label label = new Label(text);
    label.getStyleClass().addAll("convlens-placeholder", "text-muted");
    label.setWrapText(true);
    return label;
  }

  /** The sink views use when the shell gives none: never silent, the error is logged. */
  static Consumer<Throwable> loggingSink(String view) {
    return e -> LOG.log(System.Logger.Level.WARNING, view + " view: " + e, e);
  }

  /** A choice box's words for its values (one way: the boxes are not editable). */
  static <T> javafx.util.StringConverter<T> converter(java.util.function.Function<T, String> words) {
    return new javafx.util.StringConverter<>() {
      @Override
      public String toString(T value) {
        return value == null ? "" : words.apply(value);
      }

      @Override
      public T fromString(String text) {
        throw new UnsupportedOperationException("not editable");
      }
    };
  }

  /** A one-line message for a status label. */
  static String message(Throwable e) {
    String m = e.getMessage();
    // A bug's own words (or its class name) are for the log, where the error card's handler puts the stack trace.
    return Diagnostics.isInternal(e) || m == null || m.isBlank()
        ? Diagnostics.internalErrorDetail() : m;
  }
}
