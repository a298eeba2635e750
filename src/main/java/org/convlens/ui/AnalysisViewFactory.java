package org.convlens.ui;

import java.util.List;
import java.util.function.Consumer;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.ui.views.AnalysisView;

/** Makes the tabs of the main window; injected so the shell does not depend on which views exist. */
@FunctionalInterface
public interface AnalysisViewFactory {
  /**
   * @param errors shows a view's background failure to the user (on the JavaFX thread)
   * @return the views in tab order
   */
  List<AnalysisView> create(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors);
}
