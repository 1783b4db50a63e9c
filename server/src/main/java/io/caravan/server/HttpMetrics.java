package io.caravan.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Requests by route, method and status, with their time from arrival to the response's end, as
 * {@code http_server_requests_seconds}. The route is the operation's template ({@code
 * /v1/documents/{id}}), never the raw path, and a path no operation has is {@value #UNMATCHED}; a
 * method outside the standard ones is {@code OTHER}: what a client sends cannot grow the registry.
 *
 * <p>A request whose connection closes before its response ends is not counted here (a query's
 * cancelled run is, in {@code caravan_query_seconds}).
 */
final class HttpMetrics {

  static final String UNMATCHED = "unmatched";

  private static final Set<HttpMethod> METHODS =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);

  private final MeterRegistry registry;
  /** Each operation's path split at '/'; set once the routes are known, read by every request. */
  private volatile List<String[]> templates = List.of();

  HttpMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The paths of the operations, with {@code {name}} for a segment that varies. */
  void routes(Collection<String> paths) {
    this.templates = paths.stream().distinct().map(p -> p.split("/", -1)).toList();
  }

  /**
   * Starts measuring {@code request}; the action returned records it and belongs in the response's
   * end handler. Vert.x holds one end handler per response: Vert.x Web replaces it only for
   * handlers that register end handlers on the routing context (file uploads, its timeout and
   * logger handlers), none of which this server installs.
   */
  Runnable track(HttpServerRequest request) {
    long start = System.nanoTime();
    String method = METHODS.contains(request.method()) ? request.method().name() : "OTHER";
    String route = route(request.path());
    HttpServerResponse response = request.response();
    return () -> Timer.builder("http.server.requests")
        .description("HTTP requests by route template, method and status")
        .tags("method", method, "route", route, "status", Integer.toString(response.getStatusCode()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  /** The template {@code path} matches, or {@value #UNMATCHED}. */
  String route(String path) {
    if (path == null) {
      return UNMATCHED;
    }
    String[] segments = path.split("/", -1);
    for (String[] t : templates) {
      if (matches(t, segments)) {
        return String.join("/", t);
      }
    }
    return UNMATCHED;
  }

  private static boolean matches(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      boolean variable = t.startsWith("{") && t.endsWith("}");
      if (variable ? segments[i].isEmpty() : !t.equals(segments[i])) {
        return false;
      }
    }
    return true;
  }
}
