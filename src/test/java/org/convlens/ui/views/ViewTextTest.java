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

  @Test
  void aViewsStatusLineShowsOurWordsButNeverABugsOwn() {
    assertEquals("the layer has no channels",
        ViewText.message(new IllegalArgumentException("the layer has no channels")));
    String bug = "internal error; details in the log at " + org.convlens.files.UserFolders.logFile();
    assertEquals(bug, ViewText.message(new NullPointerException()), "was the class name 'NullPointerException'");
    assertEquals(bug, ViewText.message(new IllegalStateException("Cannot invoke \"x.y()\" because z is null")));
  }
}
