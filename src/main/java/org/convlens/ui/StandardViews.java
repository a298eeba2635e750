package org.convlens.ui;

import java.util.List;
import java.util.function.Consumer;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.image.RgbImage;
import org.convlens.ui.views.AnalysisView;
import org.convlens.ui.views.CompareView;
import org.convlens.ui.views.ExplainTabs;
import org.convlens.ui.views.ExplainView;
import org.convlens.ui.views.Explanations;
import org.convlens.ui.views.FeatureMapsView;
import org.convlens.ui.views.FiltersView;
import org.convlens.ui.views.LayersView;
import org.convlens.ui.views.ModelView;
import org.convlens.ui.views.OnDemandLayers;

/** The analysis tabs of the real app, in the order a newcomer reads them. */
public final class StandardViews {
  private StandardViews() {}

  /** The app's sample pictures, for the Compare tab's second image. */
  private static final CompareView.Samples SAMPLES = new CompareView.Samples() {
    @Override
    public List<String> names() {
      return SampleImages.NAMES;
    }

    @Override
    public RgbImage read(String name) throws Exception {
      return SampleImages.read(name);
    }
  };

  /**
   * Model, Filters, Feature maps, Layers, Explain (class map and compare); background failures go to {@code errors}. The views that
   * explain share one explainer of the model shown.
   */
  public static List<AnalysisView> create(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors) {
    Explanations explanations = new Explanations(vm, tasks);
    return List.of(
        new ModelView(vm, tasks, errors),
        new FiltersView(vm, tasks, errors),
        new FeatureMapsView(vm, tasks, errors, explanations),
        new LayersView(vm, tasks, OnDemandLayers.using(vm), errors),
        new ExplainTabs(new ExplainView(vm, tasks, explanations, errors),
            new CompareView(vm, tasks, explanations, SAMPLES, errors)));
  }
}
