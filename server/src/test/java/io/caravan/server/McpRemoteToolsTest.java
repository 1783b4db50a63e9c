package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.agents.ToolDescriptor;
import io.caravan.agents.ToolResult;
import io.caravan.agents.mcp.RemoteMcpTools;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The other direction: Caravan as an MCP client. A real MCP server (the SDK's stateless server on
 * a Vert.x port of its own, with three travel tools) is named in {@code caravan.mcp.servers} with a
 * second one that is down; Caravan starts with the first one's tools in its tool index, {@code
 * tool-search} ranks them, and a call through {@link io.caravan.agents.ToolCaller} (what the
 * tool agent does with a model's tool call) reaches the server over HTTP.
 */
@TestInstance(Lifecycle.PER_CLASS)
class McpRemoteToolsTest {

  @TempDir static Path data;

  private final ObjectMapper json = new ObjectMapper();
  /** What the remote server was asked, in order: proof that a call crossed the wire. */
  private final List<String> received = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer remoteHttp;
  private McpStatelessAsyncServer remote;
  private ServedCaravan served;
  private Caravan caravan;
  private ApiClient api;
  private int downPort;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    McpHttpTransport transport = new McpHttpTransport(Authenticator.openLocal(), () -> true, 1 << 20, json, new ApiJson(json), m -> {});
    remote = McpServer.async(transport)
        .serverInfo("travel", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(transport.jsonMapper())
        .tools(
            tool("weather_forecast", "Weather forecast: temperature, rain and wind for a city on a given day", Map.of("city", "string"),
                args -> "Sunny in " + args.get("city") + ", 24 °C, no rain"),
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
    remoteHttp = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (ServerSocket s = new ServerSocket(0)) {
      downPort = s.getLocalPort(); // closed again: nothing listens there
    }

    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.mcp.timeout-ms", "3000")
        .with("caravan.mcp.servers", "travel=http://127.0.0.1:" + remoteHttp.actualPort() + "/mcp, down=http://127.0.0.1:" + downPort + "/mcp");
    served = ServedCaravan.start(settings);
    caravan = served.caravan();
    api = new ApiClient(served.httpPort());
  }

  private AsyncToolSpecification tool(String name, String description, Map<String, String> params, java.util.function.Function<Map<String, Object>, String> body) {
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    params.forEach((p, type) -> properties.put(p, Map.of("type", type)));
    Map<String, Object> schema = Map.of("type", "object", "properties", properties, "required", List.copyOf(params.keySet()));
    return new AsyncToolSpecification(
        McpSchema.Tool.builder(name, schema).description(description).build(),
        (ctx, req) -> Mono.fromCallable(() -> {
          received.add(name + " " + json.writeValueAsString(req.arguments()));
          return CallToolResult.builder().addTextContent(body.apply(req.arguments())).build();
        }));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (served != null) {
        served.close();
      }
    } finally {
      if (remote != null) {
        remote.close();
      }
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private RemoteMcpTools remoteTools() {
    return caravan.tools().remote().orElseThrow();
  }

  @Test
  void theReachableServersToolsAreRegisteredAndTheDownOneIsReported() {
    List<RemoteMcpTools.Connection> connections = remoteTools().connections();
    assertThat(connections).extracting(RemoteMcpTools.Connection::server).containsExactly("travel", "down");
    assertThat(connections.get(0).connected()).isTrue();
    assertThat(connections.get(0).tools()).isEqualTo(3);
    assertThat(connections.get(1).connected()).isFalse();
    assertThat(connections.get(1).problem()).contains("failed to initialize");
    ToolDescriptor weather = caravan.tools().registry().get("travel_weather_forecast").orElseThrow();
    assertThat(weather.endpointUri()).isEqualTo(RemoteMcpTools.ENDPOINT);
    assertThat(weather.parametersSchema()).contains("\"city\"");
    assertThat(caravan.tools().registry().all()).extracting(ToolDescriptor::name)
        .containsExactlyInAnyOrder("travel_weather_forecast", "travel_currency_convert", "travel_flight_search");
  }

  @Test
  void toolSearchRanksTheRemoteTools() {
    ApiClient.Reply r = api.postJson("/v1/tools/search", Map.of("query", "will it rain in Oslo tomorrow"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.at("/tools/0/name").asText()).isEqualTo("travel_weather_forecast");
    assertThat(j.at("/tools/0/selected").asBoolean()).isTrue();
    JsonNode money = api.postJson("/v1/tools/search", Map.of("query", "convert 100 dollars to euros")).json();
    assertThat(money.at("/tools/0/name").asText()).isEqualTo("travel_currency_convert");
  }

  @Test
  void aToolCallReachesTheRemoteServer() {
    ToolDescriptor weather = caravan.tools().registry().get("travel_weather_forecast").orElseThrow();
    ToolResult ok = caravan.tools().caller().call(weather, "{\"city\": \"Oslo\"}");
    assertThat(ok.ok()).as(ok.text()).isTrue();
    assertThat(ok.text()).isEqualTo("Sunny in Oslo, 24 °C, no rain");
    assertThat(received).contains("weather_forecast {\"city\":\"Oslo\"}");

    ToolDescriptor money = caravan.tools().registry().get("travel_currency_convert").orElseThrow();
    ToolResult converted = caravan.tools().caller().call(money, "{\"amount\": 100, \"from\": \"USD\", \"to\": \"EUR\"}");
    assertThat(converted.text()).isEqualTo("90.0 EUR");
  }

  @Test
  void invalidArgumentsStopBeforeTheWireAndARemoteErrorIsAToolError() {
    int before = received.size();
    ToolDescriptor weather = caravan.tools().registry().get("travel_weather_forecast").orElseThrow();
    ToolResult invalid = caravan.tools().caller().call(weather, "{\"town\": \"Oslo\"}");
    assertThat(invalid.ok()).isFalse();
    assertThat(invalid.text()).contains("city");
    assertThat(received).hasSize(before);

    ToolResult failed = caravan.tools().caller().call(caravan.tools().registry().get("travel_flight_search").orElseThrow(), "{}");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.text()).contains("the fare service is down");
    assertThat(received).contains("flight_search");
  }

  @Test
  void theToolAgentWithoutAModelHandsOverTheRemoteTools() {
    JsonNode j = api.postJson("/v1/query", Map.of("query", "what is the weather forecast for Oslo", "process", "tool-agent")).json();
    assertThat(j.at("/answer/text").asText()).contains("travel_weather_forecast");
  }
}
