package org.convlens.ui;

/** Tells the user something without stopping them: errors, warnings and news, shown as dismissable cards. */
public interface Notifier {
  /** Something failed; {@code error} gives the message and, on request, the stack trace. */
  void error(String title, Throwable error);

  /** Something the user should know, such as settings that could not be read. */
  void warning(String title, String message);

  /** Good news, such as a finished export. */
  void info(String title, String message);
}
