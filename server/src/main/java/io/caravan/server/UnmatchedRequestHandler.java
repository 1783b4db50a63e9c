package io.caravan.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers, in the API's JSON error shape, the requests that no route of the API took: a path it
 * does not declare (404), a declared path with another method (405, with {@code Allow}), or a
 * declared path and method sent a body type the operation does not consume (415); and, as a
 * failure handler, what Vert.x refuses before any route runs (a body far over the size limit).
 * Left alone, Vert.x answers these from the server's outer router, in HTML or with an empty body,
 * and that router's handlers are out of reach of Camel routes; this handler runs instead as the
 * last route of the platform-http router, which only requests no Camel route took get to.
 *
 * <p>Cost: one regex match per declared operation, only for requests that are errors anyway.
 */
final class UnmatchedRequestHandler implements Handler<RoutingContext> {

  private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");

  /** One REST operation: its HTTP method, its path as a regex, the content type it consumes (or null). */
  record Operation(String method, Pattern path, String consumes) {

    Operation {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
    }

    /** {@code pathTemplate} as the REST DSL writes it: {@code {name}} matches one path segment. */
    static Operation of(String method, String pathTemplate, String consumes) {
      StringBuilder regex = new StringBuilder();
      Matcher m = PARAMETER.matcher(pathTemplate);
      int at = 0;
      while (m.find()) {
        regex.append(Pattern.quote(pathTemplate.substring(at, m.start()))).append("[^/]+");
        at = m.end();
      }
      regex.append(Pattern.quote(pathTemplate.substring(at)));
      return new Operation(method, Pattern.compile(regex.toString()), consumes);
    }
  }

  private final List<Operation> operations;
  private final long maxBodyBytes;
  private final ApiJson json;

  UnmatchedRequestHandler(List<Operation> operations, long maxBodyBytes, ApiJson json) {
    this.operations = List.copyOf(operations);
    this.maxBodyBytes = maxBodyBytes;
    this.json = json;
  }

  /** A failure raised by Vert.x itself, such as its body handler refusing a body over its limit. */
  void handleFailure(RoutingContext rc) {
    if (rc.response().headWritten()) {
      return; // a route already answered; nothing left to say
    }
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (status == 413) {
      reply(rc, 413, "too_large", "request body is larger than the limit of " + maxBodyBytes + " bytes");
    } else {
      reply(rc, status, status >= 500 ? "internal_error" : "bad_request", "the request could not be handled (HTTP " + status + ")");
    }
  }

  @Override
  public void handle(RoutingContext rc) {
    String method = rc.request().method().name();
    String path = rc.request().path();
    List<Operation> atPath = operations.stream().filter(o -> o.path().matcher(path).matches()).toList();
    if (atPath.isEmpty()) {
      reply(rc, 404, "not_found", "no resource at " + path);
      return;
    }
    Optional<Operation> operation = atPath.stream().filter(o -> o.method().equals(method)).findFirst();
    if (operation.isEmpty()) {
      TreeSet<String> allowed = new TreeSet<>();
      atPath.forEach(o -> allowed.add(o.method()));
      rc.response().putHeader("Allow", String.join(", ", allowed));
      reply(rc, 405, "method_not_allowed", method + " is not allowed on " + path + "; allowed: " + allowed);
      return;
    }
    String given = rc.request().getHeader("Content-Type");
    reply(
        rc,
        415,
        "unsupported_media_type",
        (given == null ? "no Content-Type was sent" : "Content-Type '" + given + "' is not accepted")
            + " for " + method + " " + path + "; send " + operation.get().consumes());
  }

  private void reply(RoutingContext rc, int status, String code, String message) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(json.bytes(json.error(status, code, message, List.of()))));
  }
}
