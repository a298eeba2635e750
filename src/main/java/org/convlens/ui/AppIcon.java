package org.convlens.ui;

import java.util.List;
import java.util.Objects;
import javafx.scene.image.Image;

/**
 * The application icon (a lens over feature-map tiles) in the sizes rendered from {@code src/main/icons/convlens.svg}:
 * the window takes them all and the desktop picks the size it needs.
 */
final class AppIcon {
  static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);

  private AppIcon() {}

  /** The icon at {@code size} pixels, one of {@link #SIZES}. */
  static Image of(int size) {
    String name = "icons/convlens-" + size + ".png";
    return new Image(Objects.requireNonNull(AppIcon.class.getResource(name), name).toExternalForm());
  }

  /** Every size, smallest first, for {@code stage.getIcons()}. */
  static List<Image> all() {
    return SIZES.stream().map(AppIcon::of).toList();
  }
}
