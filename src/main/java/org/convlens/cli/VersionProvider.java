package org.convlens.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code convlens --version}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return org.convlens.Versions.load().lines();
  }
}
