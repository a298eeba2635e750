package org.convlens.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are written off the caller's thread (the JavaFX thread in the app), newest last, none lost at close. */
class SettingsSaverTest {
  @TempDir Path temp;

  @Test
  void theNewestSettingsReachTheDiskByClose() {
    SettingsStore store = new SettingsStore(temp.resolve("config"));
    SettingsSaver saver = new SettingsSaver(store, e -> { throw new AssertionError(e); });
    for (int i = 0; i < 200; i++) {
      saver.save(Settings.defaults().withImageFolder("/images/" + i));
    }
    saver.close();
    assertEquals("/images/199", store.load().settings().imageFolder());

    // After close (the window's bounds are saved as the app stops) a save is written before it returns.
    saver.save(Settings.defaults().withImageFolder("/images/last"));
    assertEquals("/images/last", store.load().settings().imageFolder());
  }

  @Test
  void theWriteHappensOnItsOwnThreadAndAFailingDiskIsReportedOnce() throws Exception {
    Path notAFolder = Files.writeString(temp.resolve("config"), "a file where the config folder should be");
    List<String> failedOn = new CopyOnWriteArrayList<>();
    SettingsSaver saver = new SettingsSaver(new SettingsStore(notAFolder),
        e -> failedOn.add(Thread.currentThread().getName()));
    saver.save(Settings.defaults().withImageFolder("/a"));
    saver.save(Settings.defaults().withImageFolder("/b"));
    Thread.sleep(200); // two separate writes, both failing
    saver.save(Settings.defaults().withImageFolder("/c"));
    saver.close();
    assertEquals(1, failedOn.size(), "reported once: " + failedOn);
    assertNotEquals(Thread.currentThread().getName(), failedOn.get(0), "written on the caller's thread");
  }
}
