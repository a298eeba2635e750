package org.convlens.model.weights;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A file server on 127.0.0.1 (a free port) for download tests, with misbehaviours on demand. Unknown paths
 * get 404. Every slow response is a bounded loop, so a test never hangs on it.
 */
final class LocalHttpServer implements AutoCloseable {
  /** What the server does for one path. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-http");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      try (exchange) {
        Handler h = handlers.get(path);
        if (h == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          h.handle(exchange);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // the client went away: expected in the cancel tests
      }
    });
    server.start();
  }

  /** The base URL of a folder on this server, ending with '/'. */
  URI base(String folder) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/");
  }

  LocalHttpServer on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  /** Serves {@code bytes} with a Content-Length. */
  static Handler file(byte[] bytes) {
    return ex -> {
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** Sends {@code chunk} bytes every {@code delayMillis}, at most {@code maxChunks} times. */
  static Handler slow(byte[] bytes, int chunk, long delayMillis, int maxChunks) {
    return ex -> {
      ex.sendResponseHeaders(200, bytes.length);
      OutputStream out = ex.getResponseBody();
      for (int i = 0, off = 0; i < maxChunks && off < bytes.length; i++, off += chunk) {
        out.write(bytes, off, Math.min(chunk, bytes.length - off));
        out.flush();
        Thread.sleep(delayMillis);
      }
    };
  }

  /** A port on 127.0.0.1 with nothing listening (freed just before use). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * A one-connection raw HTTP server that announces all of {@code bytes} but sends only the first
   * {@code sent} and then closes the socket: the JDK's HttpServer keeps such a connection open instead.
   */
  static final class Truncating implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    Truncating(byte[] bytes, int sent) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      socket.setSoTimeout(5000); // bounded: gives up if no client comes
      thread = new Thread(() -> {
        try (Socket s = socket.accept()) {
          s.setSoTimeout(5000);
          BufferedReader in = new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // skip the request head
          }
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          out.write(bytes, 0, sent);
          out.flush();
        } catch (IOException e) {
          // nobody came, or the client left first
        }
      }, "test-truncating-http");
      thread.setDaemon(true);
      thread.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/official/");
    }

    @Override
    public void close() throws IOException, InterruptedException {
      socket.close();
      thread.join(5000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
