package io.caravan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.server.auth.Authenticator;
import io.caravan.server.mcp.McpHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A real MCP server for tests, on a port of its own: the SDK's stateless server behind Caravan's
 * Vert.x transport, with three travel tools (a forecast, a conversion, and a flight search that
 * always reports an error). It records every call it receives, so a test can tell that a call
 * crossed the wire.
 */
final class TravelMcpServer implements AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final McpStatelessAsyncServer server;
  private final HttpServer http;

  TravelMcpServer() throws Exception {
    McpHttpTransport transport = new McpHttpTransport(Authenticator.openLocal(io.caravan.server.auth.ApiKeys.none()), () -> true, 1 << 20, json, new ApiJson(json), m -> {});
    server = McpServer.async(transport)
        .serverInfo("travel", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(transport.jsonMapper())
        .tools(
            tool("weather_forecast", "Weather forecast: temperature, rain and wind for a city on a given day", Map.of("city", "string"),
                args -> "Heavy rain in " + args.get("city") + ", 6 degrees"),
            tool("currency_convert", "Convert an amount of money from one currency to another at today's exchange rate",
                Map.of("amount", "number", "from", "string", "to", "string"),
                args -> ((Number) args.get("amount")).doubleValue() * 0.9 + " " + args.get("to")),
            new AsyncToolSpecification(
                McpSchema.Tool.builder("flight_search", Map.of("type", "object"))
                    .description("Search flights between two airports on a date and list the fares").build(),
                (ctx, req) -> {
                  received.add("flight_search");
                  return Mono.just(CallToolResult.builder().addTextContent("the fare service is down").isError(true).build());
                }))
        .build();
    Router router = Router.router(vertx);
    router.route("/mcp").handler(BodyHandler.create().setBodyLimit(1 << 20)).handler(transport);
    http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private AsyncToolSpecification tool(String name, String description, Map<String, String> params, Function<Map<String, Object>, String> body) {
    Map<String, Object> properties = new LinkedHashMap<>();
    params.forEach((p, type) -> properties.put(p, Map.of("type", type)));
    Map<String, Object> schema = Map.of("type", "object", "properties", properties, "required", List.copyOf(params.keySet()));
    return new AsyncToolSpecification(
        McpSchema.Tool.builder(name, schema).description(description).build(),
        (ctx, req) -> Mono.fromCallable(() -> {
          received.add(name + " " + arguments(req.arguments()));
          return CallToolResult.builder().addTextContent(body.apply(req.arguments())).build();
        }));
  }

  private String arguments(Map<String, Object> args) throws JsonProcessingException {
    return json.writeValueAsString(args);
  }

  /** The Streamable HTTP endpoint. */
  String url() {
    return "http://127.0.0.1:" + http.actualPort() + "/mcp";
  }

  /** Every call received, in order: {@code tool arguments-as-JSON} ({@code flight_search} alone). */
  List<String> received() {
    return received;
  }

  @Override
  public void close() {
    server.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the test MCP server's Vert.x did not close: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
