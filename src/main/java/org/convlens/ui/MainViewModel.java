package org.convlens.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.convlens.model.Network;
import org.convlens.pipeline.Analysis;
import org.convlens.pipeline.Analyzer;
import org.convlens.viz.FilterGridOptions;
import org.convlens.viz.MosaicOptions;

/**
 * The state every view shows, as JavaFX properties changed only on the JavaFX thread: the network (known as
 * soon as the weights are read, before TensorFlow starts), the analyzer (once the model runs), the current
 * image's analysis, and the view options that re-render without re-running the model.
 */
public final class MainViewModel {
  private final ReadOnlyObjectWrapper<Network> network = new ReadOnlyObjectWrapper<>(this, "network");
  private final ReadOnlyObjectWrapper<Analyzer> analyzer = new ReadOnlyObjectWrapper<>(this, "analyzer");
  private final ReadOnlyObjectWrapper<Analysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
  private final ObjectProperty<MosaicOptions> mosaicOptions =
      new SimpleObjectProperty<>(this, "mosaicOptions", MosaicOptions.defaults());
  private final ObjectProperty<FilterGridOptions> filterOptions =
      new SimpleObjectProperty<>(this, "filterOptions", FilterGridOptions.defaults());
  private final ReadOnlyObjectWrapper<ClassRequest> classRequest = new ReadOnlyObjectWrapper<>(this, "classRequest");

  /**
   * The user asked to see why the model would choose a class (a click on its bar). A new object each time, so a
   * second click on the same bar is heard too.
   */
  public static final class ClassRequest {
    private final int classIndex;

    ClassRequest(int classIndex) {
      this.classIndex = classIndex;
    }

    public int classIndex() {
      return classIndex;
    }
  }

  public ReadOnlyObjectProperty<Network> networkProperty() {
    return network.getReadOnlyProperty();
  }

  public Network getNetwork() {
    return network.get();
  }

  public void setNetwork(Network value) {
    network.set(value);
  }

  public ReadOnlyObjectProperty<Analyzer> analyzerProperty() {
    return analyzer.getReadOnlyProperty();
  }

  public Analyzer getAnalyzer() {
    return analyzer.get();
  }

  public void setAnalyzer(Analyzer value) {
    analyzer.set(value);
  }

  public ReadOnlyObjectProperty<Analysis> analysisProperty() {
    return analysis.getReadOnlyProperty();
  }

  public Analysis getAnalysis() {
    return analysis.get();
  }

  public void setAnalysis(Analysis value) {
    analysis.set(value);
  }

  public ObjectProperty<MosaicOptions> mosaicOptionsProperty() {
    return mosaicOptions;
  }

  public ObjectProperty<FilterGridOptions> filterOptionsProperty() {
    return filterOptions;
  }

  /** The last class the user asked to have explained; null until then. */
  public ReadOnlyObjectProperty<ClassRequest> classRequestProperty() {
    return classRequest.getReadOnlyProperty();
  }

  /** Asks the views to explain class {@code classIndex} of the current image (the Explain tab shows it). */
  public void requestClass(int classIndex) {
    classRequest.set(new ClassRequest(classIndex));
  }
}
