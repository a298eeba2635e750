package org.convlens.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.convlens.files.AtomicFiles;
import org.convlens.model.weights.WeightsDownloadException.Attempt;
import org.convlens.model.weights.WeightsDownloadException.FailureKind;

/**
 * Downloads a published weights file into the cache folder, trying each base URL in turn (official host,
 * then mirror). The bytes stream into a uniquely named {@code .part} file while their checksum (MD5, or SHA-256
 * where Keras publishes that) is computed; only a file whose checksum matches (or that has none published) is
 * renamed, atomically, to its real name. Failure, cancellation or interruption deletes the {@code .part} file,
 * so nothing half-written is ever left where a later start would trust it.
 *
 * <p>Blocking; call it from a background thread. Stop it with a {@link CancellationToken} or by
 * interrupting that thread. One instance may serve several downloads at once (each gets its own part file).
 */
public final class WeightsDownloader {
  /** System property: comma-separated base URLs that replace the weights' own (e.g. a local mirror). */
  public static final String BASE_URLS_PROPERTY = "convlens.weights.baseUrls";
  /** System property: the folder downloads go to; default Keras's cache, so Keras users share the file. */
  public static final String CACHE_DIR_PROPERTY = "convlens.weights.cacheDir";

  private static final System.Logger LOG = System.getLogger(WeightsDownloader.class.getName());
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final long PROGRESS_STEP = 256 * 1024;
  // A part file untouched this long belongs to a download that died with its process.
  private static final Duration STALE_PART_AGE = Duration.ofDays(1);
  // How often the downloading thread looks up from waiting to check cancellation and stalls.
  private static final Duration POLL = Duration.ofMillis(100);

  private final DownloadSettings settings;
  // Built on the first download, not with the window: an HttpClient costs ~100 ms of class loading and a thread.
  private HttpClient client;

  /** A downloader configured from system properties ({@link DownloadSettings#fromSystemProperties()}). */
  public WeightsDownloader() {
    this(DownloadSettings.fromSystemProperties());
  }

  public WeightsDownloader(DownloadSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL) // GitHub release assets redirect to a CDN
          .connectTimeout(settings.connectTimeout())
          .build();
    }
    return client;
  }

  /** The settings in force. */
  public DownloadSettings settings() {
    return settings;
  }

  /** Downloads the preferred file of {@code weights} (the one with the head). */
  public Path download(KnownWeights weights, ProgressListener listener, CancellationToken cancel)
      throws WeightsDownloadException, InterruptedException {
    return download(weights, weights.preferred(), listener, cancel);
  }

  /**
   * Downloads {@code file} into the cache folder, unless a file with the right MD5 is already there.
   *
   * @param listener told of progress on this thread; starts again at 0 when falling back to the next URL
   * @return the verified file in the cache folder
   * @throws WeightsDownloadException when no URL gave a verified file, or the cache folder is not writable
   * @throws CancellationException when {@code cancel} was cancelled; nothing is left behind
   * @throws InterruptedException when this thread was interrupted; nothing is left behind
   */
  public Path download(KnownWeights weights, WeightsFile file, ProgressListener listener,
      CancellationToken cancel) throws WeightsDownloadException, InterruptedException {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancel, "cancel");
    if (!weights.files().contains(file)) {
      throw new IllegalArgumentException(file.fileName() + " is not one of the " + weights.modelName()
          + " files");
    }
    List<URI> bases = settings.baseUrls().isEmpty() ? weights.baseUrls() : settings.baseUrls();
    Path dir = settings.cacheDir().toAbsolutePath().normalize();
    Path target = dir.resolve(file.fileName());
    try {
      Files.createDirectories(dir);
      // Without a published checksum (MobileNetV2), a file already there is taken as Keras takes it.
      if (Files.isRegularFile(target)
          && (file.checksum() == null || file.checksum().equals(hashOf(target, file.algorithm())))) {
        long size = Files.size(target);
        listener.onProgress(size, size);
        return target;
      }
    } catch (ClosedByInterruptException e) {
      throw interrupted(file);
    } catch (IOException e) {
      throw localFailure(weights, file, dir, List.of(), e);
    }
    deleteStaleParts(dir, file);

    List<Attempt> attempts = new ArrayList<>();
    for (URI base : bases) {
      cancel.throwIfCancelled();
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(file);
      }
      URI url = KnownWeights.urlOf(base, file);
      Path part;
      try {
        part = Files.createTempFile(dir, file.fileName() + ".", ".part");
      } catch (IOException e) {
        throw localFailure(weights, file, dir, attempts, e);
      }
      boolean moved = false;
      try {
        new Transfer(url, file, part, listener, cancel).run();
        AtomicFiles.moveAtomically(part, target);
        moved = true;
        LOG.log(System.Logger.Level.INFO, "Downloaded {0} from {1}", target, url);
        return target;
      } catch (AttemptFailed e) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", url, e.attempt.reason());
        attempts.add(e.attempt);
      } catch (LocalFailure e) {
        throw localFailure(weights, file, dir, attempts, e.getCause());
      } catch (IOException e) { // the rename
        throw localFailure(weights, file, dir, attempts, e);
      } finally {
        if (!moved) {
          deleteQuietly(part);
        }
      }
    }
    throw new WeightsDownloadException(failureMessage(weights, file, dir, attempts), attempts, null);
  }

  /** The MD5 of a file as 32 lower-case hex digits; for checking a file found on disk. */
  public static String md5Of(Path file) throws IOException {
    return hashOf(file, "MD5");
  }

  /** The hash of a file with {@code algorithm} ("MD5", "SHA-256") as lower-case hex digits. */
  public static String hashOf(Path file, String algorithm) throws IOException {
    MessageDigest digest = newDigest(algorithm);
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * One GET of one URL into a part file; throws {@link AttemptFailed} for anything the next URL may fix.
   *
   * <p>The body is taken from a publisher through a small queue that this thread polls, not from the
   * client's InputStream: JDK 17's stream swallows interrupts, and polling lets one loop notice
   * cancellation, interruption and a silent server within {@link #POLL}.
   */
  private final class Transfer {
    private final URI url;
    private final WeightsFile file;
    private final Path part;
    private final ProgressListener listener;
    private final CancellationToken cancel;

    Transfer(URI url, WeightsFile file, Path part, ProgressListener listener, CancellationToken cancel) {
      this.url = url;
      this.file = file;
      this.part = part;
      this.listener = listener;
      this.cancel = cancel;
    }

    void run() throws AttemptFailed, LocalFailure, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(url)
          .timeout(settings.responseTimeout())
          .header("User-Agent", "ConvLens")
          .GET()
          .build();
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = awaitResponse(request);
      BodyQueue body = new BodyQueue();
      response.body().subscribe(body);
      try {
        if (response.statusCode() != 200) {
          throw new AttemptFailed(url, FailureKind.HTTP_STATUS, "HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        copyVerified(body, total);
      } finally {
        body.cancel(); // releases the connection; a no-op after a complete body
      }
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> awaitResponse(HttpRequest request)
        throws AttemptFailed, InterruptedException {
      CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
          client().sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
      try {
        while (true) {
          try {
            return pending.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            cancel.throwIfCancelled(); // the request's own timeout bounds this loop
          }
        }
      } catch (ExecutionException e) {
        throw classify(e.getCause());
      } finally {
        // Aborts the exchange when leaving early; no effect once the response is there.
        pending.cancel(true);
      }
    }

    private void copyVerified(BodyQueue body, long total)
        throws AttemptFailed, LocalFailure, InterruptedException {
      MessageDigest digest = newDigest(file.algorithm() == null ? "MD5" : file.algorithm());
      long done = 0;
      long reported = 0;
      long stallNanos = settings.stallTimeout().toNanos();
      long lastData = System.nanoTime();
      listener.onProgress(0, total);
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
        while (true) {
          cancel.throwIfCancelled();
          Object item = body.poll(POLL); // throws InterruptedException
          if (item == null) {
            if (System.nanoTime() - lastData > stallNanos) {
              throw new AttemptFailed(url, FailureKind.TIMEOUT, "no data for "
                  + seconds(settings.stallTimeout()) + " after " + done
                  + (total >= 0 ? " of " + total : "") + " bytes");
            }
            continue;
          }
          if (item == BodyQueue.END) {
            break;
          }
          if (item instanceof Throwable t) {
            String what = total >= 0 ? done + " of " + total : String.valueOf(done);
            throw new AttemptFailed(url, FailureKind.INCOMPLETE,
                "connection broken after " + what + " bytes (" + describe(t) + ")");
          }
          lastData = System.nanoTime();
          @SuppressWarnings("unchecked")
          List<ByteBuffer> buffers = (List<ByteBuffer>) item;
          for (ByteBuffer b : buffers) {
            done += b.remaining();
            digest.update(b.duplicate());
            while (b.hasRemaining()) {
              out.write(b);
            }
          }
          body.requestNext();
          if (total >= 0 && done > total) {
            throw new AttemptFailed(url, FailureKind.OTHER,
                "the server sent more than the announced " + total + " bytes");
          }
          if (done - reported >= PROGRESS_STEP) {
            listener.onProgress(done, total);
            reported = done;
          }
        }
      } catch (ClosedByInterruptException e) { // the part file's channel closes on interrupt
        throw interrupted(file);
      } catch (IOException e) {
        throw new LocalFailure(e);
      }
      if (total >= 0 && done != total) {
        throw new AttemptFailed(url, FailureKind.INCOMPLETE,
            "connection closed after " + done + " of " + total + " bytes");
      }
      if (reported != done) {
        listener.onProgress(done, total);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (file.checksum() != null && !actual.equals(file.checksum())) {
        throw new AttemptFailed(url, FailureKind.CHECKSUM, "checksum mismatch: expected " + file.algorithm() + " "
            + file.checksum() + ", got " + actual + " (" + done + " bytes)");
      }
    }

    private AttemptFailed classify(Throwable t) {
      if (t instanceof HttpConnectTimeoutException) {
        return new AttemptFailed(url, FailureKind.UNREACHABLE,
            "connect timed out after " + seconds(settings.connectTimeout()));
      }
      if (t instanceof HttpTimeoutException) {
        return new AttemptFailed(url, FailureKind.TIMEOUT,
            "no response within " + seconds(settings.responseTimeout()));
      }
      if (hasCause(t, UnknownHostException.class) || hasCause(t, UnresolvedAddressException.class)) {
        return new AttemptFailed(url, FailureKind.UNREACHABLE, "unknown host " + url.getHost());
      }
      if (hasCause(t, ConnectException.class)) {
        return new AttemptFailed(url, FailureKind.UNREACHABLE, "connection refused");
      }
      if (hasCause(t, SSLException.class)) {
        return new AttemptFailed(url, FailureKind.OTHER, "secure connection failed: " + describe(t));
      }
      return new AttemptFailed(url, FailureKind.OTHER, describe(t));
    }
  }

  private static String failureMessage(KnownWeights weights, WeightsFile file, Path dir,
      List<Attempt> attempts) {
    boolean offline = !attempts.isEmpty()
        && attempts.stream().allMatch(a -> a.kind() == FailureKind.UNREACHABLE);
    StringBuilder sb = new StringBuilder();
    sb.append("Could not download ").append(file.fileName()).append(" (").append(weights.modelName())
        .append(" weights)");
    sb.append(offline ? ": no download server could be reached; are you offline? Tried:" : ". Tried:");
    if (attempts.isEmpty()) {
      sb.append(" no URL (set ").append(BASE_URLS_PROPERTY).append(')');
    }
    for (Attempt a : attempts) {
      sb.append("\n  - ").append(a);
    }
    sb.append("\nYou can download the file yourself (with a browser, from any of these URLs) into ")
        .append(dir).append(", or pass --weights FILE, or use --untrained.");
    return sb.toString();
  }

  private static WeightsDownloadException localFailure(KnownWeights weights, WeightsFile file, Path dir,
      List<Attempt> attempts, Throwable cause) {
    return new WeightsDownloadException("Could not save " + file.fileName() + " (" + weights.modelName()
        + " weights) in " + dir + ": " + cause + ". Choose another folder with -D" + CACHE_DIR_PROPERTY
        + "=DIR, or pass --weights FILE.", attempts, cause);
  }

  private static void deleteStaleParts(Path dir, WeightsFile file) {
    Instant limit = Instant.now().minus(STALE_PART_AGE);
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, file.fileName() + ".*.part")) {
      for (Path p : parts) {
        FileTime modified = Files.getLastModifiedTime(p);
        if (modified.toInstant().isBefore(limit)) {
          deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cleaning stale part files in " + dir, e);
    }
  }

  /** Clears the interrupt flag, as a method throwing {@link InterruptedException} should. */
  private static InterruptedException interrupted(WeightsFile file) {
    Thread.interrupted();
    return new InterruptedException("download of " + file.fileName() + " interrupted");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5 and SHA-256", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + p, e);
    }
  }

  /** Progress of a download, called on the downloading thread. */
  @FunctionalInterface
  public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = (done, total) -> {};

    /**
     * @param bytesDone bytes received so far from the current URL
     * @param totalBytes the announced size, or -1 when the server did not say
     */
    void onProgress(long bytesDone, long totalBytes);
  }

  /** A URL that did not work; the next one may. */
  private static final class AttemptFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Attempt attempt;

    AttemptFailed(URI url, FailureKind kind, String reason) {
      super(reason, null, false, false);
      this.attempt = new Attempt(url, kind, reason);
    }
  }

  /** The local disk failed; no other URL will fix that. */
  private static final class LocalFailure extends Exception {
    private static final long serialVersionUID = 1L;

    LocalFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
