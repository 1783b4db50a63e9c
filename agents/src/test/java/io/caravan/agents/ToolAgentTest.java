package io.caravan.agents;

import io.caravan.testing.ScriptedChatModel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's turns against {@link ScriptedChatModel}, a TEST DOUBLE standing in for an LLM. */
class ToolAgentTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ToolSchemas schemas = new ToolSchemas(json);
  private final ToolDescriptor weather = new ToolDescriptor("weather", "Weather forecast for a city", ToolCallerTest.CITY, null, "direct:weather");
  private final ToolDescriptor atlas = new ToolDescriptor("atlas", "Country of a city", ToolCallerTest.CITY, null, "direct:atlas");
  private CamelContext camel;
  private ToolCaller caller;

  @BeforeEach
  void start() throws Exception {
    camel = new DefaultCamelContext();
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:weather").process(ex -> ex.getMessage().setBody("rain in " + ex.getMessage().getBody(Map.class).get("city")));
            from("direct:atlas").setBody(constant("Norway"));
          }
        });
    camel.start();
    caller = new ToolCaller(camel.createProducerTemplate(), schemas, new ArgumentValidator(), json);
  }

  @AfterEach
  void stop() throws Exception {
    camel.close();
  }

  static ChatResponse call(String id, String tool, String args) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(ToolExecutionRequest.builder().id(id).name(tool).arguments(args).build()))
        .build();
  }

  static ChatResponse say(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
  }

  @Test
  void callsAnOfferedToolThenAnswers() {
    ScriptedChatModel model = ScriptedChatModel.replying(call("c1", "weather", "{\"city\": \"Oslo\"}"), say("Take an umbrella."));
    ToolAgent agent = new ToolAgent(model, caller, schemas);
    ToolAgent.Turn first = agent.turn(ToolAgent.start("Do I need an umbrella in Oslo?"), List.of(weather));
    assertThat(first.answered()).isFalse();
    assertThat(first.calls()).extracting(ToolResult::text).containsExactly("rain in Oslo");
    ChatMessage last = first.messages().get(first.messages().size() - 1);
    assertThat(((ToolExecutionResultMessage) last).text()).isEqualTo("rain in Oslo");

    ToolAgent.Turn second = agent.turn(first.messages(), List.of(weather));
    assertThat(second.answer()).isEqualTo("Take an umbrella.");
    // the model was offered exactly the selected tool, with its schema
    assertThat(model.requests().get(0).toolSpecifications()).extracting(s -> s.name()).containsExactly("weather");
    assertThat(model.requests().get(0).toolSpecifications().get(0).parameters().required()).containsExactly("city");
    assertThat(model.requests().get(1).messages()).hasSize(4);
  }

  @Test
  void aToolNotOfferedOrBadArgumentsComeBackAsErrorsTheModelReads() {
    ScriptedChatModel model = ScriptedChatModel.replying(call("c1", "atlas", "{\"city\": \"Oslo\"}"));
    ToolAgent.Turn t = new ToolAgent(model, caller, schemas).turn(ToolAgent.start("Where is Oslo?"), List.of(weather));
    assertThat(t.calls()).singleElement().satisfies(r -> {
      assertThat(r.ok()).isFalse();
      assertThat(r.text()).isEqualTo("ERROR: tool atlas is not among the tools offered: weather");
    });

    ScriptedChatModel model2 = ScriptedChatModel.replying(call("c1", "weather", "{\"place\": \"Oslo\"}"));
    ToolAgent.Turn t2 = new ToolAgent(model2, caller, schemas).turn(ToolAgent.start("Weather?"), List.of(weather, atlas));
    assertThat(((ToolExecutionResultMessage) t2.messages().get(3)).text()).contains("arguments.city is required");
  }
}
