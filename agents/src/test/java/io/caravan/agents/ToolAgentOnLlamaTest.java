package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.caravan.connectors.llama.LlamaChatModel;
import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.testing.LocalModelFile;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tool agent on the real Qwen2.5 0.5B model through {@link LlamaChatModel} (no double): the
 * grammar holds the call to an offered tool with valid arguments, the tool runs through Camel, and
 * the model answers from its result. Also the LLM tool-query rewriter on the same model.
 */
class ToolAgentOnLlamaTest {

  private static final String CONVERT = "{\"type\": \"object\", \"properties\": {\"amount\": {\"type\": \"number\"},"
      + " \"from\": {\"type\": \"string\"}, \"to\": {\"type\": \"string\"}}, \"required\": [\"amount\", \"from\", \"to\"]}";

  private static LlamaEngine engine;
  private static CamelContext camel;
  private final ObjectMapper json = new ObjectMapper();
  private final ToolSchemas schemas = new ToolSchemas(json);
  private final ToolDescriptor weather = new ToolDescriptor("weather_forecast", "The weather forecast for a city", ToolCallerTest.CITY, null, "direct:weather");
  private final ToolDescriptor convert = new ToolDescriptor("currency_convert", "Converts an amount of money from one currency to another", CONVERT, null, "direct:convert");

  @BeforeAll
  static void start() throws Exception {
    engine = LlamaEngine.load(LlamaSettings.of(LocalModelFile.pathOrSkip()).withMaxTokens(48));
    camel = new DefaultCamelContext();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:weather").process(ex -> ex.getMessage().setBody("heavy rain and 6 degrees in " + ex.getMessage().getBody(Map.class).get("city")));
        from("direct:convert").setBody(constant("21.60"));
      }
    });
    camel.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (camel != null) {
      camel.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theModelCallsTheRightToolWithValidArgumentsThenAnswersFromItsResult() {
    ToolCaller caller = new ToolCaller(camel.createProducerTemplate(), schemas, new ArgumentValidator(), json);
    ToolAgent agent = new ToolAgent(new LlamaChatModel(engine), caller, schemas);

    ToolAgent.Turn first = agent.turn(ToolAgent.start("What is the weather in Oslo today?"), List.of(convert, weather));

    assertThat(first.answered()).isFalse();
    assertThat(first.calls()).singleElement().satisfies(call -> {
      assertThat(call.ok()).as(call.text()).isTrue();
      assertThat(call.text()).isEqualTo("heavy rain and 6 degrees in Oslo");
    });
    assertThat(first.messages().get(first.messages().size() - 1)).isInstanceOf(ToolExecutionResultMessage.class);

    ToolAgent.Turn second = agent.turn(first.messages(), List.of(convert, weather));
    assertThat(second.answered()).isTrue();
    assertThat(second.answer()).containsIgnoringCase("rain");
  }

  @Test
  void theToolQueryRewriterRestatesARequestInTheToolsWords() {
    LlmToolQueryRewriter rewriter = new LlmToolQueryRewriter(new LlamaChatModel(engine), new ToolRegistry());

    String rewritten = rewriter.rewrite("Will I need an umbrella in Oslo tomorrow?", List.of(weather, convert));

    // the request names no tool's words; the rewrite takes the weather tool's and keeps the city
    assertThat(rewritten).containsIgnoringCase("Oslo").containsAnyOf("weather", "Weather", "forecast", "Forecast");
  }
}
