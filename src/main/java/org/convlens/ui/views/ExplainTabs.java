package org.convlens.ui.views;

import java.util.List;
import java.util.Optional;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The "Explain" tab: the class map and the comparison as its sub-tabs (like Feature maps' stages), so the main
 * tab row still fits the smallest window. Export and the sub-tab keys act on the sub-tab shown.
 */
public final class ExplainTabs implements AnalysisView {
  private final Tab tab = new Tab("Explain");
  private final TabPane inner = new TabPane();
  private final List<AnalysisView> views;

  public ExplainTabs(ExplainView classMap, CompareView compare) {
    views = List.of(classMap, compare);
    tab.setId("explainTab");
    tab.setClosable(false);
    inner.setId("explainTabs");
    inner.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    inner.getTabs().setAll(classMap.tab(), compare.tab());
    tab.setContent(inner);
    classMap.nestIn(tab);
    compare.nestIn(tab);
  }

  @Override
  public Tab tab() {
    return tab;
  }

  private AnalysisView selected() {
    return views.get(Math.max(0, inner.getSelectionModel().getSelectedIndex()));
  }

  @Override
  public Optional<ViewImage> currentImage() {
    return selected().currentImage();
  }

  @Override
  public boolean selectSubTab(int delta) {
    int i = inner.getSelectionModel().getSelectedIndex();
    inner.getSelectionModel().select(Math.floorMod(i + delta, views.size()));
    return true;
  }
}
