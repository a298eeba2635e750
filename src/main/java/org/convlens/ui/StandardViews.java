package org.convlens.ui;

import java.util.List;
import java.util.function.Consumer;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.ui.views.AnalysisView;
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

  /**
   * Model, Filters, Feature maps, Layers, Explain; background failures go to {@code errors}. The views that
   * explain share one explainer of the model shown.
   */
  public static List<AnalysisView> create(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors) {
    Explanations explanations = new Explanations(vm, tasks);
    return List.of(
        new ModelView(vm, tasks, errors),
        new FiltersView(vm, tasks, errors),
        new FeatureMapsView(vm, tasks, errors, explanations),
        new LayersView(vm, tasks, OnDemandLayers.using(vm), errors),
        new ExplainView(vm, tasks, explanations, errors));
  }
}
