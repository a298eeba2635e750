package org.convlens.pipeline;

import java.nio.file.Path;
import org.convlens.files.UserFolders;

/**
 * The folders the app keeps things in: configuration (settings) and cache (built SavedModels). Injected, so
 * tests use temporary ones; TensorFlow's natives always go to the per-user cache root ({@link UserFolders}).
 */
public record AppDirs(Path config, Path cache) {

  /** The folders for this user and OS, with the {@code -Dconvlens.configDir/cacheDir} overrides applied. */
  public static AppDirs forCurrentUser() {
    return new AppDirs(UserFolders.configRoot(), UserFolders.cacheRoot());
  }

  public Path savedModels() {
    return cache.resolve("savedmodels");
  }
}
