package org.convlens.ui;

/** Tells the user something without stopping them: errors, warnings and news, shown as dismissable cards. */
public interface Notifier {
  /**
   * Something failed; {@code error} gives the message and, on request, the stack trace. The title says what, as
   * "Could not open cat.png", so that a bug's message can say what ConvLens could not do.
   */
  void error(String title, Throwable error);

  /** Something the user should know, such as settings that could not be read. */
  void warning(String title, String message);

  /** Good news, such as a finished export. */
  void info(String title, String message);
}
