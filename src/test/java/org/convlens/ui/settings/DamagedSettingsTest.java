package org.convlens.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convlens.testing.LogLines;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: damaged settings are detected, said in plain words, logged, and rebuilt by the next save; the
 * parser's own words ("Unterminated object at line 1 column 17 path $.darkMode") go only to the log.
 */
class DamagedSettingsTest {
  @TempDir Path dir;

  @Test
  void damagedSettingsAreLoggedReplacedByTheDefaultsAndWrittenWholeAgain() throws Exception {
    for (String damage : List.of("{\"darkMode\": tru", "[1, 2, 3]", "", "\u0000\u0000\u0000", "{\"maps\": \"x\"")) {
      Path file = Files.writeString(dir.resolve(SettingsStore.FILE_NAME), damage, StandardCharsets.UTF_8);
      SettingsStore store = new SettingsStore(dir);
      SettingsStore.Loaded loaded;
      try (LogLines log = new LogLines(SettingsStore.class)) {
        loaded = store.load();
        assertEquals(1, log.lines().size(), damage + ": " + log.lines());
        assertTrue(log.lines().get(0).startsWith("WARN Settings in " + file), log.lines().get(0));
      }
      assertEquals(Settings.defaults(), loaded.settings());
      UserMessages.assertPlain(loaded.warning().orElseThrow(), null);

      store.save(loaded.settings().withImageFolder("/photos"));
      SettingsStore.Loaded again = store.load();
      assertTrue(again.warning().isEmpty(), damage + ": " + again.warning());
      assertEquals("/photos", again.settings().imageFolder());
    }
  }
}
