package org.convlens.ui.settings;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.convlens.files.AtomicFiles;

/**
 * Reads and writes {@link Settings} as JSON in {@code settings.json} of the config folder. Writes are atomic
 * (a crash never leaves half a file), and reading never fails: a missing file gives the defaults, an unreadable
 * or corrupt one the defaults plus a warning for the user, after keeping the bad file as
 * {@code settings.json.bad} so nothing they had is silently lost.
 */
public final class SettingsStore {
  public static final String FILE_NAME = "settings.json";

  private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());

  private final Path file;
  private final Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  /** The store in {@code configDir} (created on the first save). */
  public SettingsStore(Path configDir) {
    this.file = configDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /** The settings on disk, or the defaults; never throws. */
  public Loaded load() {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Loaded(Settings.defaults(), Optional.empty());
    } catch (IOException | RuntimeException e) {
      return corrupt("it could not be read", e);
    }
    try {
      Settings s = gson.fromJson(json, Settings.class);
      if (s == null) {
        return corrupt("it is empty", null);
      }
      // Gson builds records through the canonical constructor, which repaired missing or odd values.
      return new Loaded(s, Optional.empty());
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
      return corrupt("it is not valid settings JSON (damaged, or edited by hand)", e);
    }
  }

  /** Writes {@code settings} atomically, creating the config folder if needed. */
  public void save(Settings settings) throws IOException {
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, gson.toJson(settings).getBytes(StandardCharsets.UTF_8));
  }

  /** The reader's own words go to the log with the line saying what was done; people get {@code why}. */
  private Loaded corrupt(String why, Exception cause) {
    Path backup = file.resolveSibling(FILE_NAME + ".bad");
    String kept = "";
    try {
      Files.copy(file, backup, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      kept = " The old file was kept as " + backup + ".";
    } catch (IOException | RuntimeException ignored) {
      // Unreadable files cannot be copied either; the warning still says what happened.
    }
    String warning = "Settings in " + file + " were ignored because " + why + "; using the defaults." + kept;
    LOG.log(System.Logger.Level.WARNING, warning + " They are written again on the next save.", cause);
    return new Loaded(Settings.defaults(), Optional.of(warning));
  }

  /**
   * What {@link #load()} found.
   *
   * @param warning a message for the user when the file was there but unusable
   */
  public record Loaded(Settings settings, Optional<String> warning) {}
}
