package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.agents.ToolDescriptor;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /mcp} on the real stack: the SDK's own MCP client (Streamable HTTP) against a Caravan
 * server with API keys, a small corpus ingested, the in-process encoder and the extractive
 * generator. What reaches the SDK and what is refused before it (keys, malformed JSON-RPC) are both
 * checked on the wire.
 */
@TestInstance(Lifecycle.PER_CLASS)
class McpEndpointTest {

  private static final int MAX_QUERY_CHARS = 500;

  @TempDir static Path data;
  @TempDir static Path docs;

  private final SecureRandom random = new SecureRandom();
  private final String aliceKey = ApiKeys.newKey(random);
  private final String bobKey = ApiKeys.newKey(random);
  private Caravan caravan;
  private CaravanServer server;
  private McpSyncClient alice;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    Files.writeString(docs.resolve("camels.txt"), "Camels\n\nA camel stores fat in its hump, not water. A thirsty camel can drink about"
        + " 100 litres of water in ten minutes. Bactrian camels have two humps and dromedaries have one.");
    Files.writeString(docs.resolve("silk-road.txt"), "The Silk Road\n\nThe Silk Road was a network of trade routes linking China with the"
        + " Mediterranean. Caravanserais were roadside inns where caravans rested for the night.");
    Files.writeString(docs.resolve("oasis.txt"), "Oases\n\nAn oasis is a fertile spot in a desert where water from an aquifer reaches"
        + " the surface. Date palms grow around most oases of the Sahara.");
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.max-query-chars", Integer.toString(MAX_QUERY_CHARS));
    caravan = Caravan.fromSettings(settings, Map.of());
    IngestReport report = caravan.ingest(docs, ProgressListener.NONE);
    assertThat(report.added()).isEqualTo(3);
    String keys = ApiKeys.entryLine(aliceKey, new Principal("alice", "default", Set.of(Scope.QUERY), Set.of()))
        + ";" + ApiKeys.entryLine(bobKey, new Principal("bob", "default", Set.of(Scope.INGEST), Set.of()));
    CaravanSettings keyed = settings.with("caravan.http.api-keys", keys);
    server = CaravanServer.start(caravan, HttpSettings.from(keyed), HttpServerLimits.from(keyed));
    api = new ApiClient(server.port());
    alice = client(aliceKey);
    alice.initialize();
  }

  @AfterAll
  void stop() {
    if (alice != null) {
      alice.close();
    }
    if (server != null) {
      server.close();
    }
    if (caravan != null) {
      caravan.close();
    }
  }

  private McpSyncClient client(String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
        .endpoint("/mcp")
        .requestBuilder(request)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(20)).build();
  }

  private static CallToolRequest call(String tool, Map<String, Object> arguments) {
    return CallToolRequest.builder(tool).arguments(arguments).build();
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  private ApiClient.Reply rawPost(String body, Map<String, String> headers) {
    return api.post("/mcp", BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
  }

  private ApiClient.Reply rawPost(String body) {
    return rawPost(body, Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream", "Authorization", "Bearer " + aliceKey));
  }

  @Test
  void listsAnAskToolPerProcessAndToolSearch() {
    List<McpSchema.Tool> tools = alice.listTools().tools();
    List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
    assertThat(names).contains("ask_rag", "ask_adaptive-rag", "ask_tool-agent", "tool-search").doesNotContain("ask_tool-search");
    McpSchema.Tool rag = tools.stream().filter(t -> t.name().equals("ask_rag")).findFirst().orElseThrow();
    assertThat(rag.inputSchema().get("required")).isEqualTo(List.of("question"));
    assertThat(rag.description()).contains("'rag'").contains("First-stage retrieval");
    assertThat(rag.annotations().readOnlyHint()).isTrue();
    assertThat(rag.outputSchema()).containsKey("properties");
  }

  @Test
  void askRagAnswersWithCitationsAndPassageIds() {
    CallToolResult r = alice.callTool(call("ask_rag", Map.of("question", "How much water can a thirsty camel drink?", "k", 2)));
    assertThat(r.isError()).as(r.toString()).isFalse();
    assertThat(text(r)).contains("100 litres").contains("Sources:\n[1] Camels (camels, chunk camels#");
    Map<String, Object> s = structured(r);
    assertThat(s.get("process")).isEqualTo("rag");
    assertThat((String) s.get("answer")).contains("100 litres");
    List<?> citations = (List<?>) s.get("citations");
    assertThat(citations).isNotEmpty();
    assertThat(((Map<?, ?>) citations.get(0)).get("docId")).isEqualTo("camels");
    List<?> passages = (List<?>) s.get("passages");
    assertThat(passages).hasSizeBetween(1, 2);
    assertThat(((Map<?, ?>) passages.get(0)).get("docId")).isEqualTo("camels");
    assertThat(((Map<?, ?>) passages.get(0)).get("chunkId")).asString().startsWith("camels#");
  }

  @Test
  void toolSearchRanksTheRegisteredTools() {
    caravan.tools().registry().registerAll(List.of(
        new ToolDescriptor("hotel_booking", "Book a hotel room in a city between check-in and check-out dates", null, List.of(), null),
        new ToolDescriptor("currency_convert", "Convert an amount of money from one currency to another at today's exchange rate", null, List.of(), null)));
    try {
      CallToolResult r = alice.callTool(call("tool-search", Map.of("query", "book a hotel room in Rome for two nights")));
      assertThat(r.isError()).as(r.toString()).isFalse();
      assertThat(text(r)).startsWith("1. hotel_booking (selected): Book a hotel room");
      Map<String, Object> s = structured(r);
      List<?> tools = (List<?>) s.get("tools");
      assertThat(((Map<?, ?>) tools.get(0)).get("name")).isEqualTo("hotel_booking");
      assertThat(((Map<?, ?>) tools.get(0)).get("selected")).isEqualTo(true);
      assertThat((Integer) s.get("k")).isBetween(1, 2);
    } finally {
      caravan.tools().registry().remove("hotel_booking");
      caravan.tools().registry().remove("currency_convert");
    }
  }

  @Test
  void badArgumentsAreToolErrorsThatSayWhatIsWrong() {
    CallToolResult missing = alice.callTool(call("ask_rag", Map.of("k", 3)));
    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("question");

    CallToolResult wrongType = alice.callTool(call("ask_rag", Map.of("question", "camels", "k", "three")));
    assertThat(wrongType.isError()).isTrue();
    assertThat(text(wrongType)).contains("k");

    CallToolResult outOfRange = alice.callTool(call("ask_rag", Map.of("question", "camels", "k", 0)));
    assertThat(outOfRange.isError()).isTrue();

    CallToolResult unknownArgument = alice.callTool(call("ask_rag", Map.of("question", "camels", "process", "rag")));
    assertThat(unknownArgument.isError()).isTrue();

    CallToolResult huge = alice.callTool(call("ask_rag", Map.of("question", "camel ".repeat(MAX_QUERY_CHARS))));
    assertThat(huge.isError()).isTrue();
    assertThat(text(huge)).contains(Integer.toString(MAX_QUERY_CHARS)).doesNotContain("camel camel camel");

    for (CallToolResult r : List.of(missing, wrongType, outOfRange, unknownArgument, huge)) {
      assertThat(text(r)).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void anUnknownToolIsAnInvalidParamsError() {
    assertThatThrownBy(() -> alice.callTool(call("ask_nothing", Map.of("question", "camels"))))
        .isInstanceOfSatisfying(McpError.class, e -> {
          assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
          assertThat(e.getJsonRpcError().data()).asString().contains("ask_nothing");
        });
  }

  @Test
  void aProcessDeployedAtRunTimeIsAToolAtTheNextListing() throws Exception {
    String xml;
    try (InputStream in = getClass().getResourceAsStream("/io/caravan/processes/rag.bpmn20.xml")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    caravan.processRunner().deploy("mcp-rag.bpmn20.xml", xml.replace("<process id=\"rag\"", "<process id=\"mcp-rag\"").getBytes(StandardCharsets.UTF_8));
    assertThat(alice.listTools().tools()).extracting(McpSchema.Tool::name).contains("ask_mcp-rag");
    CallToolResult r = alice.callTool(call("ask_mcp-rag", Map.of("question", "Where did caravans rest for the night?")));
    assertThat(r.isError()).as(r.toString()).isFalse();
    assertThat(text(r)).contains("Caravanserais");
  }

  @Test
  void withoutAKeyIs401AndAKeyWithoutTheQueryScopeIs403() {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    rawPost(init, Map.of("Content-Type", "application/json")).assertError(401, "unauthorized");
    rawPost(init, Map.of("Content-Type", "application/json", "Authorization", "Bearer cvn_not-a-key")).assertError(401, "unauthorized");
    JsonNode forbidden = rawPost(init, Map.of("Content-Type", "application/json", "X-API-Key", bobKey)).assertError(403, "forbidden");
    assertThat(forbidden.get("message").asText()).contains("query");

    // the SDK's client sees the same refusal
    for (String key : new String[] {null, bobKey}) {
      try (McpSyncClient c = client(key)) {
        assertThatThrownBy(c::initialize).hasStackTraceContaining("Authorization error");
      }
    }
  }

  @Test
  void malformedJsonRpcGetsJsonRpcErrors() {
    ApiClient.Reply notJson = rawPost("{not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(notJson.json().get("id").isNull()).isTrue();

    ApiClient.Reply batch = rawPost("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.json().at("/error/code").asInt()).isEqualTo(-32600);

    ApiClient.Reply noMethod = rawPost("{\"jsonrpc\":\"2.0\",\"id\":7}");
    assertThat(noMethod.json().at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(noMethod.json().get("id").asInt()).isEqualTo(7);

    ApiClient.Reply oldVersion = rawPost("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"ping\"}");
    assertThat(oldVersion.json().at("/error/code").asInt()).isEqualTo(-32600);

    ApiClient.Reply unknownMethod = rawPost("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"prompts/list\"}");
    assertThat(unknownMethod.status()).isEqualTo(200);
    assertThat(unknownMethod.json().at("/error/code").asInt()).isEqualTo(-32601);

    ApiClient.Reply badParams = rawPost("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":{\"x\":1}}}");
    assertThat(badParams.json().at("/error/code").asInt()).as(badParams.body()).isEqualTo(-32602);
    assertThat(badParams.json().get("id").asInt()).isEqualTo(10);

    ApiClient.Reply noParams = rawPost("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\"}");
    assertThat(noParams.json().at("/error/code").asInt()).as(noParams.body()).isEqualTo(-32602);

    for (ApiClient.Reply r : List.of(notJson, batch, noMethod, oldVersion, unknownMethod, badParams, noParams)) {
      assertThat(r.contentType()).startsWith("application/json");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("com.fasterxml");
    }
  }

  @Test
  void onlyPostIsServedAndOnlyJson() {
    ApiClient.Reply get = api.get("/mcp");
    assertThat(get.status()).isEqualTo(405);
    rawPost("ping", Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + aliceKey)).assertError(415, "unsupported_media_type");
    ApiClient.Reply notification = rawPost("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(notification.status()).isEqualTo(202);
    assertThat(notification.body()).isEmpty();
  }
}
