package org.convlens.ui.views;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyEvent;

/**
 * Type-ahead for a non-editable combo box with many items (a model's 28 convolutions): letters typed less than a
 * second apart form one text, and the first item whose name starts with it (else contains it) is selected.
 */
final class TypeToSelect<T> {
  private static final long PAUSE_NANOS = 1_000_000_000L;
  private final StringBuilder typed = new StringBuilder();
  private long last;

  private TypeToSelect() {}

  static <T> void install(ComboBox<T> combo, Function<T, String> name) {
    TypeToSelect<T> state = new TypeToSelect<>();
    combo.addEventHandler(KeyEvent.KEY_TYPED, e -> state.typed(combo, name, e));
  }

  private void typed(ComboBox<T> combo, Function<T, String> name, KeyEvent e) {
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
    find(combo.getItems(), name, typed.toString()).ifPresent(combo::setValue);
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
