package org.convlens.ui.views;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyEvent;
import javafx.util.Duration;

/**
 * Type-ahead for a non-editable combo box with many items (a model's 28 convolutions): letters typed less than a
 * second apart form one text, and once typing pauses the first item whose name starts with it (else contains it)
 * is selected. Selecting only after the pause means no item in between is drawn, which could stall the JavaFX
 * thread long enough to split the text.
 */
final class TypeToSelect<T> {
  private static final long PAUSE_NANOS = 1_000_000_000L;
  private static final Duration SETTLE = Duration.millis(250);
  private final StringBuilder typed = new StringBuilder();
  private final PauseTransition settle = new PauseTransition(SETTLE);
  private long last;

  private TypeToSelect() {}

  static <T> void install(ComboBox<T> combo, Function<T, String> name) {
    TypeToSelect<T> state = new TypeToSelect<>();
    state.settle.setOnFinished(e -> find(combo.getItems(), name, state.typed.toString()).ifPresent(combo::setValue));
    combo.addEventHandler(KeyEvent.KEY_TYPED, e -> state.typed(e));
  }

  private void typed(KeyEvent e) {
    String c = e.getCharacter();
    if (c.isEmpty() || Character.isISOControl(c.charAt(0)) || c.isBlank() || e.isShortcutDown() || e.isAltDown()) {
      return;
    }
    long now = System.nanoTime();
    if (now - last > PAUSE_NANOS) {
      typed.setLength(0);
    }
    last = now;
    typed.append(c);
    settle.playFromStart();
    e.consume();
  }

  /** The first item whose name starts with {@code text}, else the first that contains it; case is ignored. */
  static <T> Optional<T> find(List<T> items, Function<T, String> name, String text) {
    String t = text.toLowerCase(Locale.ROOT);
    Optional<T> start = items.stream().filter(i -> name.apply(i).toLowerCase(Locale.ROOT).startsWith(t)).findFirst();
    return start.isPresent() ? start
        : items.stream().filter(i -> name.apply(i).toLowerCase(Locale.ROOT).contains(t)).findFirst();
  }
}
