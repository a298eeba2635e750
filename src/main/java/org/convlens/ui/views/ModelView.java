package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.convlens.model.ModelSummary;
import org.convlens.model.Network;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.LatestOnly;
import org.convlens.ui.tasks.TaskRunner;

/**
 * The "Model" tab: Keras's {@code model.summary()} as a filterable table with parameter totals and where the
 * weights came from. A nested model's layers are indented under a row of its own ({@link LayerTree}). It fills as soon as the network is known, before any image is opened.
 */
public final class ModelView implements AnalysisView {
  private static final String NO_MODEL = "The model's layers appear here once its weights are read.";
  private final Label placeholder = ViewText.placeholder(NO_MODEL);
  /** Pixels per level of nesting in the Layer column. */
  private static final double INDENT = 16;
  static final String NESTED_MODEL_STYLE = "nested-model";

  private final LatestOnly request;
  private final Tab tab = new Tab("Model");
  private final List<ModelSummary.Row> rows = new ArrayList<>();
  private List<LayerTree.Entry> tree = List.of();
  private final ObservableList<LayerTree.Entry> shownRows = FXCollections.observableArrayList();
  private final TableView<LayerTree.Entry> table = new TableView<>(shownRows);
  private final TextField filter = new TextField();
  private final Label totals = new Label();
  private final Label notes = new Label();
  private final Label weights = new Label();
  private final Label shown = new Label();

  /** A view whose background errors are logged; the shell should prefer the three-argument constructor. */
  public ModelView(MainViewModel vm, TaskRunner tasks) {
    this(vm, tasks, ViewText.loggingSink("Model"));
  }

  /** @param errors receives failures of background work, on the JavaFX thread */
  public ModelView(MainViewModel vm, TaskRunner tasks, Consumer<Throwable> errors) {
    Objects.requireNonNull(vm, "vm");
    this.request = new LatestOnly(tasks, errors);
    build();
    vm.networkProperty().addListener((obs, old, network) -> show(network));
    show(vm.getNetwork());
  }

  private void build() {
    filter.setId("modelFilter");
    filter.setPromptText("Filter by layer name or type");
    filter.textProperty().addListener((obs, old, text) -> applyFilter(text));
    HBox.setHgrow(filter, Priority.ALWAYS);
    shown.setId("modelShown");
    shown.getStyleClass().add("text-muted");
    HBox header = new HBox(8, filter, shown);
    header.setAlignment(Pos.CENTER_LEFT);

    table.setId("modelTable");
    placeholder.setId("modelPlaceholder");
    table.setPlaceholder(placeholder);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(layerColumn());
    table.getColumns().add(textColumn("Type", e -> e.row().type(), 150));
    table.getColumns().add(textColumn("Output shape", e -> e.group() ? "" : e.row().formattedShape(), 140));
    table.getColumns().add(paramsColumn());
    table.getColumns().add(textColumn("Connected to", e -> String.join(", ", e.row().inbound()), 260));
    VBox.setVgrow(table, Priority.ALWAYS);

    totals.setId("modelTotals");
    weights.setId("modelWeights");
    weights.setWrapText(true);
    notes.setId("modelNotes");
    notes.setWrapText(true);
    notes.setVisible(false);
    notes.setManaged(false);
    VBox root = new VBox(8, header, table, totals, notes, weights);
    root.setPadding(new Insets(8));
    tab.setContent(root);
    tab.setClosable(false);
  }

  /**
   * The layer's name, indented under the nested model that holds it (shown by its last part; the whole path in
   * a tooltip, and it is what the filter matches).
   */
  private static TableColumn<LayerTree.Entry, LayerTree.Entry> layerColumn() {
    TableColumn<LayerTree.Entry, LayerTree.Entry> column = new TableColumn<>("Layer");
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    column.setPrefWidth(260);
    column.setCellFactory(c -> new TableCell<>() {
      private final Tooltip path = new Tooltip();

      @Override
      protected void updateItem(LayerTree.Entry item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().remove(NESTED_MODEL_STYLE);
        if (empty || item == null) {
          setText(null);
          setTooltip(null);
          setPadding(Insets.EMPTY);
          return;
        }
        setText((item.group() ? "\u25be " : "") + item.shortName());
        setPadding(new Insets(0, 4, 0, 4 + INDENT * item.depth()));
        path.setText(item.row().layer());
        setTooltip(item.depth() > 0 ? path : null);
        if (item.group()) {
          getStyleClass().add(NESTED_MODEL_STYLE);
        }
      }
    });
    return column;
  }

  private static TableColumn<LayerTree.Entry, String> textColumn(String title,
      java.util.function.Function<LayerTree.Entry, String> value, double width) {
    TableColumn<LayerTree.Entry, String> column = new TableColumn<>(title);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
    column.setPrefWidth(width);
    return column;
  }

  private static TableColumn<LayerTree.Entry, Long> paramsColumn() {
    TableColumn<LayerTree.Entry, Long> column = new TableColumn<>("Param #");
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row().params()));
    column.setPrefWidth(110);
    column.setStyle("-fx-alignment: CENTER-RIGHT;");
    column.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(Long item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : String.format("%,d", item));
      }
    });
    return column;
  }

  private void show(Network network) {
    if (network == null) {
      request.cancel();
      rows.clear();
      tree = List.of();
      shownRows.clear();
      totals.setText("");
      notes.setText("");
      weights.setText("");
      updateShown();
      return;
    }
    request.submit("Summarising " + network.graph().name(), p -> ModelSummary.of(network), summary -> {
      rows.clear();
      rows.addAll(summary.rows());
      tree = LayerTree.of(summary.rows());
      applyFilter(filter.getText());
      totals.setText("Total params: " + ModelSummary.format(summary.totalParams()) + " · Trainable: "
          + ModelSummary.format(summary.trainableParams()) + " · Non-trainable: "
          + ModelSummary.format(summary.nonTrainableParams()));
      // How the model was read (a SavedModel's signature, a channels_first model run channels-last).
      notes.setText(String.join("\n", summary.notes()));
      notes.setVisible(!summary.notes().isEmpty());
      notes.setManaged(!summary.notes().isEmpty());
      boolean untrained = network.origin().untrained();
      weights.setText("Weights: " + network.origin().description()
          + (untrained ? ". Untrained: filters and feature maps show no learned features." : ""));
      weights.getStyleClass().remove("warning");
      if (untrained) {
        weights.getStyleClass().add("warning");
      }
      updateShown();
    });
  }

  private void applyFilter(String text) {
    String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    shownRows.setAll(needle.isEmpty() ? tree : LayerTree.filter(tree,
        r -> r.layer().toLowerCase(Locale.ROOT).contains(needle)
            || r.type().toLowerCase(Locale.ROOT).contains(needle)));
    updateShown();
  }

  private void updateShown() {
    shown.setText(rows.isEmpty() ? "" : shownLayers().size() + " of " + rows.size() + " layers");
    // An empty table means "no model yet" or "the filter matches nothing": say which.
    placeholder.setText(rows.isEmpty() ? NO_MODEL : noMatch(filter.getText()));
  }

  /** What the table says when the filter leaves no row. */
  static String noMatch(String filterText) {
    return "No layer matches '" + (filterText == null ? "" : filterText.strip()) + "'.";
  }

  @Override
  public Tab tab() {
    return tab;
  }

  /** The model table is text: nothing to export as a picture. */
  @Override
  public Optional<ViewImage> currentImage() {
    return Optional.empty();
  }

  /** The rows the table shows now (the filter applied), once the model is known. */
  @Override
  public Optional<List<ModelSummary.Row>> currentLayerTable() {
    return rows.isEmpty() ? Optional.empty() : Optional.of(shownLayers());
  }

  /** The layers shown now, without the rows that stand for nested models. */
  private List<ModelSummary.Row> shownLayers() {
    return shownRows.stream().filter(e -> !e.group()).map(LayerTree.Entry::row).toList();
  }
}
