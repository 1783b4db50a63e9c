package io.caravan.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.processes.ProcessRunner;
import io.caravan.server.ApiJson;
import io.caravan.server.QueryAdmission;
import io.caravan.server.auth.Authenticator;
import io.caravan.server.auth.KeyRateLimiter;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Caravan as an MCP server at {@value #PATH}: the official SDK's stateless server ({@link
 * McpStatelessAsyncServer}) behind {@link McpHttpTransport}, serving the tools of {@link
 * ProcessTools}. Stateless, because a tool server needs neither sessions nor a server-to-client
 * stream, and because it is then one POST and one JSON answer on the router the REST API already
 * runs on, with no servlet container beside Vert.x.
 *
 * <pre>{@code
 * McpEndpoint mcp = new McpEndpoint(caravan.processRunner(), caravan::ready, maxBodyBytes, maxQueryChars, authenticator, apiJson, admission, rates);
 * mcp.installOn(router); // the platform-http router of the server
 * }</pre>
 */
public final class McpEndpoint implements AutoCloseable {

  public static final String PATH = "/mcp";

  private final McpHttpTransport transport;
  private final McpStatelessAsyncServer server;
  private final ProcessTools tools;

  /**
   * @param authenticator decides who may call (every call needs the scope {@code query})
   * @param maxBodyBytes the largest JSON-RPC message accepted (413 above)
   * @param maxQueryChars the longest question or tool request
   * @param admission the query slots the REST API's queries share: a tool call waits for one
   * @param rates the per-key rate the REST API's queries count against too
   */
  public McpEndpoint(
      ProcessRunner processes, BooleanSupplier ready, long maxBodyBytes, int maxQueryChars, Authenticator authenticator, ApiJson api,
      QueryAdmission admission, KeyRateLimiter rates) {
    Objects.requireNonNull(processes, "processes");
    ObjectMapper json = new ObjectMapper();
    this.tools = new ProcessTools(processes, maxQueryChars, admission, rates);
    this.transport = new McpHttpTransport(authenticator, ready, maxBodyBytes, json, api, this::beforeRequest);
    this.server = McpServer.async(transport)
        .serverInfo("caravan", "0.1.0")
        .instructions("Caravan answers questions from its indexed documents with citations: call ask_<process> (ask_rag is the"
            + " standard pipeline). tool-search ranks the tools Caravan knows for a task.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(transport.jsonMapper())
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(json))
        .build();
    tools.refresh(server);
  }

  /** The tool list follows the deployed processes; only tool requests need it current. */
  private void beforeRequest(String method) {
    if (method.startsWith("tools/")) {
      tools.refresh(server);
    }
  }

  /** Serves {@value #PATH} on the HTTP server's router, with the body limit the rest of the API has. */
  public void installOn(VertxPlatformHttpRouter router) {
    installOn(router, router.bodyHandler());
  }

  /** Serves {@value #PATH} on {@code router}; {@code bodyHandler} reads the body first (Vert.x's BodyHandler). */
  public void installOn(Router router, Handler<RoutingContext> bodyHandler) {
    router.route(PATH).handler(bodyHandler).handler(transport);
  }

  /** Refuses further requests (503); the route stays on the router until the HTTP server stops. */
  @Override
  public void close() {
    server.closeGracefully().block();
  }
}
