package org.convlens.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a message for people must never hold: a Java class name, the words {@code Exception} or {@code Error:},
 * a bare {@code null}, or the raw text of the exception behind it (its causes' own words belong in the log).
 * Every suite that makes refusals scans them here, so the rule is written once.
 */
public final class UserMessages {
  /** {@code io.jhdf.exceptions.HdfException}, {@code com.google.gson.JsonObject}, {@code at org.x.Y}. */
  private static final Pattern CLASS_NAME = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+");
  private static final Pattern NULL = Pattern.compile("\\bnull\\b");
  /** Shorter cause texts ("EOF") could appear in a plain sentence by chance. */
  private static final int MIN_RAW_TEXT = 8;

  private UserMessages() {}

  /** Each way {@code message} is not for people; empty when it is fine. */
  public static List<String> problems(String message) {
    return problems(message, null);
  }

  /**
   * As {@link #problems(String)}, and the text of any exception in {@code e}'s cause chain (the exception that
   * made the message included) must not be quoted in it.
   */
  public static List<String> problems(String message, Throwable e) {
    List<String> found = new ArrayList<>();
    if (message == null || message.isBlank()) {
      found.add("no message");
      return found;
    }
    var className = CLASS_NAME.matcher(message);
    if (className.find()) {
      found.add("a class name ('" + className.group() + "')");
    }
    if (message.contains("Exception")) {
      found.add("the word 'Exception'");
    }
    if (message.contains("Error:")) {
      found.add("'Error:'");
    }
    if (NULL.matcher(message).find()) {
      found.add("'null'");
    }
    for (Throwable c = e == null ? null : e.getCause(); c != null; c = c.getCause()) {
      String raw = c.getMessage();
      if (raw != null && raw.strip().length() >= MIN_RAW_TEXT && message.contains(raw.strip())) {
        found.add("the raw text of " + c.getClass().getSimpleName() + " ('" + raw.strip() + "')");
      }
    }
    return found;
  }

  /** Fails naming what is wrong when {@code e}'s message is not for people; returns the message. */
  public static String assertPlain(Throwable e) {
    return assertPlain(e.getMessage(), e);
  }

  /** Fails naming what is wrong when {@code message} (made from {@code e}, or null) is not for people. */
  public static String assertPlain(String message, Throwable e) {
    List<String> problems = problems(message, e);
    if (!problems.isEmpty()) {
      throw new AssertionError("message not for people (" + String.join(", ", problems) + "): " + message);
    }
    return message;
  }
}
