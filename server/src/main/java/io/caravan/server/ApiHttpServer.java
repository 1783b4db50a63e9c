package io.caravan.server;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's platform-http server with what a server facing untrusted clients needs and Camel's
 * configuration does not expose: Vert.x's idle timeout, a deadline for a request to arrive in full,
 * a cap on open connections, and the API's JSON error for what Vert.x refuses before any route runs.
 * Camel's {@link VertxPlatformHttpServer} builds the router the REST routes register on; this class
 * replaces how the listening socket is made ({@link #startServer}) and closed.
 *
 * <ul>
 *   <li>Idle: Vert.x closes a connection on which no byte moved for {@link HttpServerLimits#idleTimeoutMs}.
 *   <li>Read deadline: a request's head and body must arrive within {@link
 *       HttpServerLimits#readTimeoutMs}, counted from the connection's opening or from the end of
 *       the previous response (a keep-alive connection with no new request is closed then too). The
 *       idle timeout alone does not stop a client that sends one byte every few seconds. A request
 *       whose body is late is answered 408; a head that never completes gets the connection closed.
 *       Each connection checks its deadline four times per read timeout, so a late request is cut
 *       within 1.25 to 1.5 times the timeout.
 *   <li>Connections: a connection beyond {@link HttpServerLimits#maxConnections} is closed at once,
 *       before it is read.
 *   <li>Limits of the request head, Netty's defaults stated: a request line over {@value
 *       #MAX_REQUEST_LINE_BYTES} bytes is answered 414, headers over {@value #MAX_HEADER_BYTES} bytes
 *       431, anything else Netty cannot parse 400, all in the API's JSON error shape and followed by
 *       closing the connection.
 *   <li>A request target with a malformed percent escape ({@code %zz}) is answered 400 in JSON;
 *       Vert.x's router would fail on it with an exception.
 *   <li>Load shedding: a query (a POST that runs a process or a model) beyond {@link QueryAdmission}'s
 *       bound is answered 429 with {@code Retry-After} here, on the event loop, before it takes a
 *       worker thread or waits in any queue.
 *   <li>HTTP/1.1 only: HTTP/2 is refused. An {@code Upgrade: h2c} header is ignored (the request is
 *       answered over HTTP/1.1, as RFC 9110 allows), and Vert.x answers the HTTP/2 connection
 *       preface, which reads as a request of version HTTP/2.0, with 501 and closes the connection
 *       (before any handler of ours runs, so with an empty body).
 * </ul>
 *
 * <p>Cost: one periodic timer per open connection, firing every quarter of the read timeout.
 */
public final class ApiHttpServer extends VertxPlatformHttpServer {

  /** Longest request line (method, path with query, version) Vert.x reads: Netty's default. */
  public static final int MAX_REQUEST_LINE_BYTES = 4096;
  /** Largest request head (all header lines) Vert.x reads: Netty's default. */
  public static final int MAX_HEADER_BYTES = 8192;

  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);
  private static final String JSON = "application/json";
  private static final Set<String> QUERY_PATHS = Set.of("/v1/query", "/v1/tools/search", "/v1/chat/completions", "/llm/v1/chat/completions");

  private final VertxPlatformHttpServerConfiguration configuration;
  private final HttpServerLimits limits;
  private final ApiJson json;
  private final QueryAdmission admission;
  private final HttpMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, ConnectionDeadline> served = new ConcurrentHashMap<>();
  private volatile HttpServer server;

  /** A server whose requests are not measured. */
  public ApiHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpServerLimits limits, ApiJson json, QueryAdmission admission) {
    // a composite with no registry in it records nothing
    this(configuration, limits, json, admission, new HttpMetrics(new CompositeMeterRegistry()));
  }

  ApiHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpServerLimits limits, ApiJson json, QueryAdmission admission, HttpMetrics metrics) {
    super(configuration);
    this.configuration = configuration;
    this.limits = limits;
    this.json = json;
    this.admission = admission;
    this.metrics = metrics;
  }

  @Override
  public HttpServer getServer() {
    return server;
  }

  /** Connections open now, refused ones included until they are closed. */
  public int openConnections() {
    return open.get();
  }

  @Override
  protected void startServer() throws Exception {
    VertxPlatformHttpRouter router =
        VertxPlatformHttpRouter.lookup(getCamelContext(), VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getBindPort()));
    HttpServerOptions options = new HttpServerOptions()
        .setIdleTimeout(limits.idleTimeoutMs())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setHttp2ClearTextEnabled(false);
    HttpServer s = getVertx().createHttpServer(options)
        .connectionHandler(this::connected)
        .invalidRequestHandler(this::invalid)
        .requestHandler(request -> request(request, router));
    server = s.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    LOG.info("HTTP server listening on {}:{} ({})", configuration.getBindHost(), server.actualPort(), limits);
  }

  @Override
  protected void stopServer() {
    HttpServer s = server;
    if (s == null) {
      return;
    }
    server = null;
    // as Camel's own server does, so that a restarted context creates the component afresh
    getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
    try {
      s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("the HTTP server did not close cleanly: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the Vert.x instance the server made; one found in Camel's registry is its owner's to close. */
  @Override
  protected void stopVertx() {
    Vertx vertx = getVertx();
    if (vertx == null || vertx == lookupVertx()) {
      return;
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      setVertx(null);
    }
  }

  /** Runs on the connection's event loop, as do its requests and its deadline checks. */
  private void connected(HttpConnection connection) {
    int now = open.incrementAndGet();
    ConnectionDeadline deadline = new ConnectionDeadline(connection);
    connection.closeHandler(v -> {
      open.decrementAndGet();
      served.remove(connection);
      deadline.stop();
      deadline.releaseTicket();
    });
    if (now > limits.maxConnections()) {
      LOG.debug("refused a connection: {} are open, the limit is {}", now - 1, limits.maxConnections());
      connection.close();
      return;
    }
    served.put(connection, deadline);
    deadline.start();
  }

  private void request(HttpServerRequest request, Handler<HttpServerRequest> router) {
    ConnectionDeadline deadline = served.get(request.connection());
    if (deadline == null) {
      request.connection().close(); // refused, or closed while its request was queued
      return;
    }
    // Vert.x holds one end handler per response: measuring and (below) releasing an admission share it
    Runnable measured = metrics.track(request);
    request.response().endHandler(v -> measured.run());
    int malformed = malformedEscape(request.uri());
    if (malformed >= 0) {
      // Vert.x's router would fail on it with an exception, answered 500
      refuse(request, 400, "bad_request", "the request target has a malformed percent escape at character " + malformed
          + "; a '%' must be followed by two hexadecimal digits (write '%' itself as %25)");
      return;
    }
    deadline.requestArrived(request);
    if (isQuery(request)) {
      QueryAdmission.Ticket ticket = admission.admit();
      if (ticket == null) {
        refuse(request, 429, "overloaded", "the server is answering " + admission.maxInFlight() + " queries and holding " + admission.maxQueued()
            + " more; retry after the time in Retry-After", "Retry-After", "1");
        return;
      }
      deadline.admitted(ticket);
      request.response().endHandler(v -> {
        measured.run();
        ticket.release();
      });
    }
    router.handle(request);
  }

  /** The calls that run a process or a model: what load shedding counts. */
  static boolean isQuery(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      return false;
    }
    String path = request.path();
    return QUERY_PATHS.contains(path) || path.equals("/mcp") || path.startsWith("/mcp/");
  }

  /** The index of the first '%' not followed by two hexadecimal digits, or -1. */
  static int malformedEscape(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
        return i;
      }
    }
    return -1;
  }

  /** A request Netty could not parse: Vert.x hands it here instead of to the router. */
  private void invalid(HttpServerRequest request) {
    Runnable measured = metrics.track(request);
    request.response().endHandler(v -> measured.run());
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      refuse(request, 414, "uri_too_long", "the request line (method, path and query) is longer than " + MAX_REQUEST_LINE_BYTES + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      refuse(request, 431, "headers_too_large", "the request headers are larger than " + MAX_HEADER_BYTES + " bytes");
    } else {
      refuse(request, 400, "bad_request", "the request is not valid HTTP/1.1");
    }
  }

  /** Answers with the API's JSON error and closes the connection once the answer is written. */
  private void refuse(HttpServerRequest request, int status, String code, String message) {
    refuse(request, status, code, message, null, null);
  }

  private void refuse(HttpServerRequest request, int status, String code, String message, String header, String value) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    if (header != null) {
      response.putHeader(header, value);
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .putHeader("Connection", "close")
        .end(Buffer.buffer(json.bytes(json.error(status, code, message, List.of()))))
        .onComplete(done -> request.connection().close());
  }

  /**
   * The read deadline of one connection. Phases: waiting for a request's head (since the
   * connection opened or the last response ended), reading its body (since the head arrived),
   * answering (no deadline here; the idle timeout and the process's own limits apply). Only the
   * event loop of the connection touches it.
   */
  private final class ConnectionDeadline {

    private final HttpConnection connection;
    private HttpServerRequest current;
    private QueryAdmission.Ticket ticket;
    private boolean answering;
    private long since = System.nanoTime();
    private long timer = -1;

    ConnectionDeadline(HttpConnection connection) {
      this.connection = connection;
    }

    void start() {
      long period = Math.max(10, limits.readTimeoutMs() / 4);
      timer = getVertx().setPeriodic(period, id -> check());
    }

    void stop() {
      if (timer >= 0) {
        getVertx().cancelTimer(timer);
      }
    }

    void admitted(QueryAdmission.Ticket t) {
      ticket = t;
    }

    /** A query still admitted when its connection closes (the client left mid-answer) is released here. */
    void releaseTicket() {
      if (ticket != null) {
        ticket.release();
        ticket = null;
      }
    }

    void requestArrived(HttpServerRequest request) {
      current = request;
      answering = false;
      since = System.nanoTime();
    }

    private void check() {
      long now = System.nanoTime();
      if (current != null && !answering) {
        if (current.isEnded()) {
          answering = true;
        } else if (now - since > TimeUnit.MILLISECONDS.toNanos(limits.readTimeoutMs())) {
          refuse(current, 408, "request_timeout", "the request did not arrive in full within " + limits.readTimeoutMs() + " ms");
          stop();
          return;
        }
      }
      if (current != null && answering) {
        if (!current.response().ended() && !current.response().closed()) {
          return;
        }
        current = null;
        since = now;
      }
      if (current == null && now - since > TimeUnit.MILLISECONDS.toNanos(limits.readTimeoutMs())) {
        stop();
        connection.close();
      }
    }
  }
}
