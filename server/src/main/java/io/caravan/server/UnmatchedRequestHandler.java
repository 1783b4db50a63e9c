package io.caravan.server;

import io.caravan.core.UnicodeText;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(UnmatchedRequestHandler.class);
  private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");
  /** What Vert.x's router may fail on by itself, each answered by {@link #handleFailure}. */
  private static final int[] ROUTER_ERRORS = {400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 431, 500, 501, 502, 503};

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

  /**
   * A failure raised by Vert.x itself, such as its body handler refusing a body over its limit; as
   * the router's error handler, also what fails before any route is chosen (a path with a broken
   * percent escape such as {@code %zz}), which Vert.x would answer in plain text.
   */
  void handleFailure(RoutingContext rc) {
    if (rc.response().headWritten()) {
      return; // a route already answered; nothing left to say
    }
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (status == 413) {
      reply(rc, 413, "too_large", "request body is larger than the limit of " + maxBodyBytes + " bytes");
    } else if (status == 400) {
      reply(rc, 400, "bad_request", "the request is malformed: a path must start with '/' and its percent escapes must be valid (such as %20, never %zz)");
    } else if (status == 404) {
      reply(rc, 404, "not_found", "no resource at " + rc.request().path());
    } else if (status >= 500) {
      String id = UUID.randomUUID().toString();
      LOG.error("request failed before reaching the API, error id {}: {}", id,
          rc.failure() == null ? "HTTP " + status : UnicodeText.escapeControls(String.valueOf(rc.failure())), rc.failure());
      reply(rc, status, "internal_error", "internal error (id " + id + "; details in the server log)");
    } else {
      reply(rc, status, "bad_request", "the request could not be handled (HTTP " + status + ")");
    }
  }

  /** Makes the router answer in JSON what it fails on before any route runs. */
  void installOn(Router router) {
    for (int status : ROUTER_ERRORS) {
      router.errorHandler(status, this::handleFailure);
    }
    router.route().last().handler(this).failureHandler(this::handleFailure);
  }

  @Override
  public void handle(RoutingContext rc) {
    String method = rc.request().method().name();
    // the path the routes were matched against: dot segments removed, unreserved escapes decoded
    String path = rc.normalizedPath();
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
    if (operation.get().consumes() == null) {
      // the operation takes no body, so no Content-Type explains the miss: what the path names is not there
      reply(rc, 404, "not_found", "no resource at " + path);
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
