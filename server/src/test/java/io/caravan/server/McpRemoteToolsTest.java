package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.agents.ToolDescriptor;
import io.caravan.agents.ToolResult;
import io.caravan.agents.mcp.RemoteMcpTools;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction: Caravan as an MCP client. A real MCP server ({@link TravelMcpServer}) is named in {@code caravan.mcp.servers} with a
 * second one that is down; Caravan starts with the first one's tools in its tool index, {@code
 * tool-search} ranks them, and a call through {@link io.caravan.agents.ToolCaller} (what the
 * tool agent does with a model's tool call) reaches the server over HTTP.
 */
@TestInstance(Lifecycle.PER_CLASS)
class McpRemoteToolsTest {

  @TempDir static Path data;

  private TravelMcpServer travel;
  private ServedCaravan served;
  private Caravan caravan;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    travel = new TravelMcpServer();
    int downPort;
    try (ServerSocket s = new ServerSocket(0)) {
      downPort = s.getLocalPort(); // closed again: nothing listens there
    }
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.auth", "open")
        .with("caravan.mcp.timeout-ms", "3000")
        .with("caravan.mcp.servers", "travel=" + travel.url() + ", down=http://127.0.0.1:" + downPort + "/mcp");
    served = ServedCaravan.start(settings);
    caravan = served.caravan();
    api = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    try {
      if (served != null) {
        served.close();
      }
    } finally {
      if (travel != null) {
        travel.close();
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
    assertThat(ok.text()).isEqualTo("Heavy rain in Oslo, 6 degrees");
    assertThat(travel.received()).contains("weather_forecast {\"city\":\"Oslo\"}");

    ToolDescriptor money = caravan.tools().registry().get("travel_currency_convert").orElseThrow();
    ToolResult converted = caravan.tools().caller().call(money, "{\"amount\": 100, \"from\": \"USD\", \"to\": \"EUR\"}");
    assertThat(converted.text()).isEqualTo("90.0 EUR");
  }

  @Test
  void invalidArgumentsStopBeforeTheWireAndARemoteErrorIsAToolError() {
    int before = travel.received().size();
    ToolDescriptor weather = caravan.tools().registry().get("travel_weather_forecast").orElseThrow();
    ToolResult invalid = caravan.tools().caller().call(weather, "{\"town\": \"Oslo\"}");
    assertThat(invalid.ok()).isFalse();
    assertThat(invalid.text()).contains("city");
    assertThat(travel.received()).hasSize(before);

    ToolResult failed = caravan.tools().caller().call(caravan.tools().registry().get("travel_flight_search").orElseThrow(), "{}");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.text()).contains("the fare service is down");
    assertThat(travel.received()).contains("flight_search");
  }

  @Test
  void theToolAgentWithoutAModelHandsOverTheRemoteTools() {
    JsonNode j = api.postJson("/v1/query", Map.of("query", "what is the weather forecast for Oslo", "process", "tool-agent")).json();
    assertThat(j.at("/answer/text").asText()).contains("travel_weather_forecast");
  }
}
