package org.convlens.inference;

/** Receives progress of slow work: a message and a fraction in [0, 1], or -1 when the amount is unknown. */
@FunctionalInterface
public interface Progress {
  Progress NONE = (message, fraction) -> { };

  void update(String message, double fraction);
}
