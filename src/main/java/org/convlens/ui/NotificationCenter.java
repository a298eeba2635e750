package org.convlens.ui;

import atlantafx.base.theme.Styles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.convlens.Diagnostics;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The stack of non-modal notification cards in the window's top-right corner. Errors stay until closed and offer
 * their stack trace behind a "Details" toggle; information and warnings close on their own after a few seconds
 * (not while the mouse is over them). At most {@link #MAX_CARDS} show at once, the oldest going first, so a
 * burst of failures cannot cover the window. The app behind keeps working: nothing here blocks.
 *
 * <p>Safe to call from any thread: calls off the JavaFX thread are passed to it.
 */
public final class NotificationCenter implements Notifier {
  private static final System.Logger LOG = System.getLogger(NotificationCenter.class.getName());
  /** More cards than this and the oldest goes: a burst of failures must not bury the window. */
  static final int MAX_CARDS = 3;
  private static final String COULD_NOT = "Could not ";
  static final Duration INFO_TIME = Duration.seconds(6);
  static final Duration WARNING_TIME = Duration.seconds(12);

  private final VBox cards = new VBox(8);
  private final Duration infoTime;
  private final Duration warningTime;

  public NotificationCenter() {
    this(INFO_TIME, WARNING_TIME);
  }

  /** Cards that close after the given times; tests pass short ones. */
  NotificationCenter(Duration infoTime, Duration warningTime) {
    this.infoTime = infoTime;
    this.warningTime = warningTime;
    cards.setId("notifications");
    cards.getStyleClass().add("notification-area");
    cards.setAlignment(Pos.TOP_RIGHT);
    cards.setPadding(new Insets(12));
    cards.setPickOnBounds(false); // clicks between cards reach the window below
    cards.setMaxWidth(Region.USE_PREF_SIZE);
    cards.setMaxHeight(Region.USE_PREF_SIZE);
  }

  /** The overlay to put on top of the window's content (in a StackPane, aligned top-right). */
  public Node node() {
    return cards;
  }

  /** The cards shown now, newest last; for tests. */
  public java.util.List<Node> shown() {
    return java.util.List.copyOf(cards.getChildren());
  }

  /** @param title what failed, as "Could not open cat.png": a bug's message repeats what could not be done */
  @Override
  public void error(String title, Throwable error) {
    LOG.log(System.Logger.Level.ERROR, title, error); // the whole story, for the log and bug reports
    onFx(() -> add(card(Level.ERROR, title, describe(doing(title), error), stackTrace(error))));
  }

  @Override
  public void warning(String title, String message) {
    onFx(() -> closeLater(add(card(Level.WARNING, title, message, null)), warningTime));
  }

  @Override
  public void info(String title, String message) {
    onFx(() -> closeLater(add(card(Level.INFO, title, message, null)), infoTime));
  }

  /**
   * What a card's title says could not be done: titles read "Could not open cat.png", and a bug's message then
   * reads "ConvLens could not open cat.png (internal error; ...)".
   */
  static String doing(String title) {
    return title.startsWith(COULD_NOT) ? title.substring(COULD_NOT.length()) : "finish this";
  }

  /**
   * One readable line for an exception: ours already say what, where and what to do; a bug says what could not
   * be done ({@code doing}, e.g. "open cat.png") and where its details are.
   */
  public static String describe(String doing, Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof NoSuchFileException n) {
      return "No such file: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
    }
    if (e instanceof AccessDeniedException a) {
      return "Permission denied: " + a.getFile() + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
    }
    String message = e.getMessage();
    if (Diagnostics.isInternal(e) || message == null || message.isBlank()) {
      return Diagnostics.internalError(doing);
    }
    return message;
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private VBox add(VBox card) {
    cards.getChildren().add(card);
    while (cards.getChildren().size() > MAX_CARDS) {
      cards.getChildren().remove(0);
    }
    return card;
  }

  /** Closes {@code card} after {@code time}, counted afresh once the mouse leaves it (it may be being read). */
  private void closeLater(VBox card, Duration time) {
    PauseTransition timer = new PauseTransition(time);
    timer.setOnFinished(e -> cards.getChildren().remove(card));
    card.setOnMouseEntered(e -> timer.stop());
    card.setOnMouseExited(e -> timer.playFromStart());
    timer.play();
  }

  private VBox card(Level level, String title, String message, String details) {
    FontIcon icon = FontIcon.of(level.icon, 18);
    icon.getStyleClass().add("notification-icon");
    Label heading = new Label(title);
    heading.getStyleClass().addAll(Styles.TEXT_BOLD, "notification-title");
    heading.setWrapText(true);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button close = new Button(null, FontIcon.of(Feather.X, 14));
    close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "notification-close");
    close.setAccessibleText("Close");
    HBox header = new HBox(8, icon, heading, spacer, close);
    header.setAlignment(Pos.CENTER_LEFT);

    Label text = new Label(message);
    text.getStyleClass().add("notification-message");
    text.setWrapText(true);
    text.setMaxWidth(Double.MAX_VALUE);

    VBox card = new VBox(6, header, text);
    card.getStyleClass().addAll("notification-card", level.styleClass, Styles.ELEVATED_2);
    card.setPrefWidth(420);
    card.setMaxWidth(420);
    if (details != null) {
      TextArea trace = new TextArea(details);
      trace.setEditable(false);
      trace.setPrefRowCount(10);
      trace.getStyleClass().add("notification-details");
      trace.setVisible(false);
      trace.setManaged(false);
      ToggleButton toggle = new ToggleButton("Details");
      toggle.getStyleClass().addAll(Styles.SMALL, "notification-details-toggle");
      trace.visibleProperty().bind(toggle.selectedProperty());
      trace.managedProperty().bind(toggle.selectedProperty());
      card.getChildren().addAll(toggle, trace);
    }
    close.setOnAction(e -> cards.getChildren().remove(card));
    return card;
  }

  private static void onFx(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      Platform.runLater(r);
    }
  }

  private enum Level {
    ERROR(Feather.ALERT_OCTAGON, "notification-error"),
    WARNING(Feather.ALERT_TRIANGLE, "notification-warning"),
    INFO(Feather.INFO, "notification-info");

    final Feather icon;
    final String styleClass;

    Level(Feather icon, String styleClass) {
      this.icon = icon;
      this.styleClass = styleClass;
    }
  }
}
