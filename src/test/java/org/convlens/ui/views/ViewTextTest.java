package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provenance a view exported from the app carries (no window needed). */
class ViewTextTest {
  @Test
  void anExportedViewOfAnImageSaysItsPreprocessing() {
    Map<String, String> text = ViewText.runMetadata(null, ViewFixtures.analysis(3));
    assertEquals("tf", text.get("Preprocessing"));
    assertEquals("cat.png", text.get("Source image"));
    // The filters depend on no image, so on no preprocessing either.
    assertFalse(ViewText.runMetadata(null, null).containsKey("Preprocessing"));
  }
}
