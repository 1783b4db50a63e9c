package io.caravan.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.core.ClientMessage;
import io.caravan.core.UnicodeText;
import io.caravan.server.ApiException;
import io.caravan.server.ApiJson;
import io.caravan.server.ErrorLog;
import io.caravan.server.auth.Authenticator;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP Streamable HTTP transport, stateless, as a Vert.x route handler: every JSON-RPC request
 * is one POST answered with one JSON response; there are no sessions and no server-to-client
 * stream, so {@code GET} and {@code DELETE} are 405, which the specification allows and the SDK's
 * clients accept. That is all a tool server needs, and it lets {@code /mcp} live on the API's own
 * Vert.x router (same port, same connection limits and read deadlines) instead of a servlet
 * container beside it.
 *
 * <p>Before the MCP layer sees anything: the API key ({@link Authenticator}, scope {@code query};
 * 401/403 in the API's JSON error shape), readiness (503), the body's type (415) and size (413). A
 * body that is not JSON is a JSON-RPC parse error (-32700), JSON that is not one JSON-RPC message
 * (a batch, a wrong {@code jsonrpc}, an id that is neither string nor integer) an invalid request
 * (-32600), both with HTTP 400. Notifications and responses are 202 with no body. Errors of a
 * well-formed request (unknown method or tool, bad params, an exception escaping the SDK's handler)
 * are JSON-RPC error responses with HTTP 200, whose messages never name a Java type.
 *
 * <p>Requests run on a Vert.x worker thread (a tool call runs a whole process), never on the event
 * loop. The transport context of each request carries the {@link Caller}.
 */
public final class McpHttpTransport implements McpStatelessServerTransport, Handler<RoutingContext> {

  /** The key of the {@link Caller} in the {@link McpTransportContext} of a request. */
  public static final String CALLER = "caravan.caller";

  private static final Logger LOG = LoggerFactory.getLogger(McpHttpTransport.class);
  private static final String JSON = "application/json";
  private static final int PARSE_ERROR = -32700;
  private static final int INVALID_REQUEST = -32600;
  private static final int INTERNAL_ERROR = -32603;

  /**
   * Who called and whether they are still there: a tool run cancels its deadline when {@code gone}
   * completes (the client closed the connection; nobody would read the answer).
   */
  public record Caller(Principal principal, CompletableFuture<Void> gone) {
    public Caller {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(gone, "gone");
    }
  }

  private final Authenticator authenticator;
  private final BooleanSupplier ready;
  private final long maxBodyBytes;
  private final McpJsonMapper mapper;
  private final ObjectMapper json;
  private final ApiJson api;
  private final Consumer<String> beforeRequest;
  private volatile McpStatelessServerHandler handler;
  private volatile boolean closing;

  /**
   * @param beforeRequest hears the method of every request before it is handled (the endpoint
   *     brings its tool list up to date there)
   */
  public McpHttpTransport(
      Authenticator authenticator, BooleanSupplier ready, long maxBodyBytes, ObjectMapper json, ApiJson api, Consumer<String> beforeRequest) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.ready = Objects.requireNonNull(ready, "ready");
    this.maxBodyBytes = maxBodyBytes;
    this.json = Objects.requireNonNull(json, "json");
    this.mapper = new JacksonMcpJsonMapper(json);
    this.api = Objects.requireNonNull(api, "api");
    this.beforeRequest = Objects.requireNonNull(beforeRequest, "beforeRequest");
  }

  /** The mapper the MCP server must use too, so that both read and write alike. */
  public McpJsonMapper jsonMapper() {
    return mapper;
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
    this.handler = mcpHandler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> closing = true);
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (request.method() != HttpMethod.POST) {
      rc.response().putHeader("Allow", "POST");
      apiError(rc, 405, "method_not_allowed", request.method().name() + " is not allowed on " + rc.normalizedPath()
          + ": this MCP endpoint is stateless and takes JSON-RPC messages by POST (no event stream, no sessions)");
      return;
    }
    if (closing) {
      apiError(rc, 503, "shutting_down", "the server is shutting down");
      return;
    }
    Principal principal;
    try {
      principal = authenticator.authenticate(request::getHeader, Scope.QUERY);
    } catch (ApiException e) {
      apiError(rc, e.status(), e.code(), e.getMessage());
      return;
    }
    if (authenticator.open() && !loopbackOrigin(request.getHeader("Origin"))) {
      // without keys anything on the machine may call; a web page must not, by way of its visitor's browser
      apiError(rc, 403, "forbidden_origin", "requests from a web page of another origin are refused while the server runs without API keys");
      return;
    }
    if (!ready.getAsBoolean()) {
      apiError(rc, 503, "not_ready", "Caravan is starting (index, encoder or processes not ready yet); retry shortly");
      return;
    }
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
      apiError(rc, 415, "unsupported_media_type",
          (type == null ? "no Content-Type was sent" : "Content-Type '" + type + "' is not accepted") + " for POST " + rc.normalizedPath() + "; send " + JSON);
      return;
    }
    RequestBody body = rc.body();
    Buffer bytes = body == null || body.buffer() == null ? Buffer.buffer() : body.buffer();
    if (bytes.length() > maxBodyBytes) {
      apiError(rc, 413, "too_large", "request body is " + bytes.length() + " bytes; the limit is " + maxBodyBytes);
      return;
    }
    CompletableFuture<Void> gone = new CompletableFuture<>();
    HttpServerResponse response = rc.response();
    // Vert.x calls this on the event loop while the call runs on a worker; closed() covers a close before it was set
    response.closeHandler(v -> gone.complete(null));
    if (response.closed()) {
      gone.complete(null);
    }
    Caller caller = new Caller(principal, gone);
    rc.vertx()
        .executeBlocking(() -> answer(bytes.toString(StandardCharsets.UTF_8), caller), false)
        .onComplete(done -> {
          if (response.closed() || response.ended()) {
            return;
          }
          if (done.succeeded()) {
            Answer a = done.result();
            response.setStatusCode(a.status());
            if (a.body() == null) {
              response.end();
            } else {
              response.putHeader("Content-Type", JSON).end(Buffer.buffer(a.body()));
            }
          } else {
            // answer() catches everything it can; this is a worker refusing the task
            rpcError(rc, 200, null, INTERNAL_ERROR, internal(done.cause()));
          }
        });
  }

  /** What goes back: a status and a JSON body, or none. */
  private record Answer(int status, byte[] body) {}

  /** Runs on a worker thread. */
  private Answer answer(String text, Caller caller) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      return new Answer(400, rpcErrorBody(null, PARSE_ERROR, "the body is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return new Answer(400, rpcErrorBody(null, INVALID_REQUEST,
          root != null && root.isArray() ? "batches are not supported: send one JSON-RPC message per request" : "a JSON-RPC message is a JSON object"));
    }
    Object id = id(root.get("id"));
    String problem = problem(root);
    if (problem != null) {
      return new Answer(400, rpcErrorBody(id, INVALID_REQUEST, problem));
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, text);
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(400, rpcErrorBody(id, INVALID_REQUEST, "not a JSON-RPC 2.0 request, notification or response"));
    }
    McpTransportContext context = McpTransportContext.create(Map.of(CALLER, caller));
    McpStatelessServerHandler h = handler;
    try {
      if (message instanceof McpSchema.JSONRPCRequest request) {
        beforeRequest.accept(request.method());
        McpSchema.JSONRPCResponse response =
            h.handleRequest(context, request).contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
        return new Answer(200, mapper.writeValueAsBytes(safe(response)));
      }
      if (message instanceof McpSchema.JSONRPCNotification notification) {
        h.handleNotification(context, notification).contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
      }
      // a client's response to a server request: a stateless server never asks, so nothing waits for it
      return new Answer(202, null);
    } catch (IOException | RuntimeException e) {
      // the SDK's request handlers convert their arguments outside of the reactive chain, so bad
      // params (tools/call with a number for a name) arrive here as exceptions
      boolean params = e instanceof IllegalArgumentException || e instanceof NullPointerException || e instanceof ClassCastException;
      String why = params ? "invalid params for " + method(root) : internal(e);
      if (params) {
        LOG.debug("MCP request with invalid params: {}", e.toString());
      }
      return new Answer(200, rpcErrorBody(id, params ? McpSchema.ErrorCodes.INVALID_PARAMS : INTERNAL_ERROR, why));
    }
  }

  /** What makes {@code root} no JSON-RPC 2.0 message of MCP, or null. */
  private static String problem(JsonNode root) {
    if (!"2.0".equals(root.path("jsonrpc").asText(null))) {
      return "'jsonrpc' must be \"2.0\"";
    }
    JsonNode id = root.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber() && id.canConvertToLong())) {
      return "'id' must be a string or an integer";
    }
    JsonNode method = root.get("method");
    if (method != null && !method.isTextual()) {
      return "'method' must be a string";
    }
    if (method == null && !root.has("result") && !root.has("error")) {
      return "a message needs a 'method' (request, notification) or a 'result' or 'error' (response)";
    }
    return null;
  }

  /** An error message that names a Java type leaks the implementation: the log keeps it, the client gets an id. */
  private static McpSchema.JSONRPCResponse safe(McpSchema.JSONRPCResponse response) {
    McpSchema.JSONRPCResponse.JSONRPCError error = response == null ? null : response.error();
    if (error == null || !ClientMessage.namesJavaType(error.message()) && !ClientMessage.namesJavaType(String.valueOf(error.data()))) {
      return response;
    }
    String id = UUID.randomUUID().toString();
    LOG.warn("MCP request failed, error id {}: {}", id, UnicodeText.escapeControls(error.message()));
    return McpSchema.JSONRPCResponse.error(
        response.id(), new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), "the request failed (id " + id + "; details in the server log)", null));
  }

  private static String internal(Throwable t) {
    String id = UUID.randomUUID().toString();
    LOG.error("MCP request failed, error id {}: {}", id, ErrorLog.stackTrace(t));
    return "internal error (id " + id + "; details in the server log)";
  }

  private static String method(JsonNode root) {
    return root.path("method").asText("the request");
  }

  private static Object id(JsonNode id) {
    if (id == null || id.isNull()) {
      return null;
    }
    if (id.isTextual()) {
      return id.textValue();
    }
    return id.isIntegralNumber() && id.canConvertToLong() ? id.longValue() : null;
  }

  private byte[] rpcErrorBody(Object id, int code, String message) {
    ObjectNode out = json.createObjectNode();
    out.put("jsonrpc", "2.0");
    out.set("id", json.valueToTree(id));
    ObjectNode error = out.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return api.bytes(out);
  }

  private void rpcError(RoutingContext rc, int status, Object id, int code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(rpcErrorBody(id, code, message)));
  }

  private void apiError(RoutingContext rc, int status, String code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(api.bytes(api.error(status, code, message, List.of()))));
  }

  /** No Origin (not a browser, or a same-origin GET), or one on this machine. */
  static boolean loopbackOrigin(String origin) {
    if (origin == null) {
      return true;
    }
    try {
      String host = URI.create(origin.strip()).getHost();
      return host != null && (host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.startsWith("127."));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
