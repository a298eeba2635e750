package org.convlens.model.weights;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A weights download that did not produce a verified file. The message is written for the user: every URL
 * tried and why it failed, then what to do instead; {@link #attempts()} gives the same for code.
 */
public final class WeightsDownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<Attempt> attempts;

  WeightsDownloadException(String message, List<Attempt> attempts, Throwable cause) {
    super(message, cause);
    this.attempts = List.copyOf(attempts);
  }

  /** Every URL tried, in order, with why it failed; empty when the local cache folder was the problem. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** Whether no server could be reached at all, which usually means the computer is offline. */
  public boolean looksOffline() {
    return !attempts.isEmpty() && attempts.stream().allMatch(a -> a.kind() == FailureKind.UNREACHABLE);
  }

  /** Why one URL failed. */
  public enum FailureKind {
    /** Nothing answered: connection refused, unknown host, connect timeout. */
    UNREACHABLE,
    /** Connected, but no response or no data in time. */
    TIMEOUT,
    /** The server answered with a status other than 200. */
    HTTP_STATUS,
    /** The connection ended before all the bytes came. */
    INCOMPLETE,
    /** All bytes came but their MD5 is not the published one. */
    CHECKSUM,
    /** Anything else (TLS, protocol errors). */
    OTHER
  }

  /**
   * One URL tried.
   *
   * @param url the file's URL
   * @param kind the failure class
   * @param reason a short human reason, e.g. "HTTP 404" or "connection refused"
   */
  public record Attempt(URI url, FailureKind kind, String reason) {
    @Override
    public String toString() {
      return url + ": " + reason;
    }
  }
}
