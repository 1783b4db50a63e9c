package io.caravan.server;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.agents.ToolDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/tools/search} and the {@code tool-agent} process through {@code /v1/query} on the
 * real stack, with tools loaded from a catalogue folder ({@code caravan.tools.dir}) and no chat
 * model configured.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ToolSearchApiTest {

  @TempDir static Path data;
  @TempDir static Path catalogue;

  private Caravan caravan;
  private ServedCaravan served;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    Files.writeString(
        catalogue.resolve("travel.json"),
        """
        {"tools": [
          {"name": "weather_forecast", "description": "Weather forecast: temperature, rain and wind for a city on a given day",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}, "endpoint": "direct:weather"},
          {"name": "currency_convert", "description": "Convert an amount of money from one currency to another at today's exchange rate"},
          {"name": "flight_search", "description": "Search flights between two airports on a date and list the fares"},
          {"name": "hotel_booking", "description": "Book a hotel room in a city between check-in and check-out dates"}
        ]}
        """);
    Files.writeString(catalogue.resolve("more.json"), "{\"recipe finder\": \"Find cooking recipes that use the ingredients you have\"}");
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.tools.dir", catalogue.toString());
    served = ServedCaravan.start(settings);
    caravan = served.caravan();
    api = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  private static List<String> steps(JsonNode reply) {
    return StreamSupport.stream(reply.at("/trace/events").spliterator(), false).map(e -> e.get("step").asText()).toList();
  }

  @Test
  void ranksTheCataloguedToolsAndShowsTheCutAndTheTrace() {
    ApiClient.Reply r = api.postJson("/v1/tools/search", Map.of("query", "book a hotel room in Rome for two nights"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("process").asText()).isEqualTo("tool-search");
    assertThat(j.at("/tools/0/name").asText()).isEqualTo("hotel_booking");
    assertThat(j.at("/tools/0/selected").asBoolean()).isTrue();
    assertThat(j.at("/tools/0/scores").has("bm25")).isTrue();
    assertThat(j.get("tools")).hasSize(5);
    int k = j.get("k").asInt();
    assertThat(k).isBetween(1, 5);
    assertThat(StreamSupport.stream(j.get("tools").spliterator(), false).filter(t -> t.get("selected").asBoolean()).count()).isEqualTo(k);
    assertThat(steps(j)).startsWith("retrieve-tools", "tool-rewrite").endsWith("tool-retrieval");
    assertThat(j.get("traceText").asText()).contains("tool-retrieval");
  }

  @Test
  void aUserWordedQueryIsRewrittenAndTheOriginalKept() {
    JsonNode j = api.postJson("/v1/tools/search", Map.of("query", "will it be sunny in Oslo tomorrow")).json();
    assertThat(j.get("query").asText()).isEqualTo("will it be sunny in Oslo tomorrow");
    assertThat(j.get("rewrittenQuery").asText()).startsWith("will it be sunny in Oslo tomorrow ");
    assertThat(steps(j)).contains("rewrite-tool-query", "retrieve-tools-again");
    assertThat(j.at("/tools/0/name").asText()).isEqualTo("weather_forecast");
  }

  @Test
  void toolsRegisteredAtRunTimeAreSearchableAndRemovedOnesGone() {
    caravan.tools().registry().register(new ToolDescriptor("caravanserai_finder", "Find a caravanserai to rest camels on the silk road", null, List.of(), null));
    assertThat(api.postJson("/v1/tools/search", Map.of("query", "where can my camels rest")).json().at("/tools/0/name").asText()).isEqualTo("caravanserai_finder");
    caravan.tools().registry().remove("caravanserai_finder");
    JsonNode after = api.postJson("/v1/tools/search", Map.of("query", "where can my camels rest")).json();
    assertThat(after.get("tools").findValuesAsText("name")).doesNotContain("caravanserai_finder");
  }

  @Test
  void theAgentProcessWithoutAChatModelAnswersWithTheSelectedTools() {
    JsonNode j = api.postJson("/v1/query", Map.of("query", "convert 100 dollars to euros", "process", "tool-agent")).json();
    assertThat(j.at("/answer/generator").asText()).isEqualTo("tool-retrieval");
    assertThat(j.at("/answer/text").asText()).contains("currency_convert");
    assertThat(steps(j)).contains("retrieve-tools", "tool-retrieval", "agent-turn");
  }

  @Test
  void badRequestsAreJsonErrors() {
    api.postJson("/v1/tools/search", "{\"quer\": \"x\"}").assertError(400, "bad_request");
    api.postJson("/v1/tools/search", Map.of("query", "x", "process", "nope")).assertError(404, "unknown_process");
  }

  @Test
  void withoutAChatModelTheChatCompletionsEndpointSaysSo() {
    ApiClient.Reply r = api.postJson("/llm/v1/chat/completions", Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(r.assertError(404, "no_chat_model").at("/message").asText()).contains("caravan.generator=llm");
  }
}
