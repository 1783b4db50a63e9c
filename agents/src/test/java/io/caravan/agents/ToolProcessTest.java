package io.caravan.agents;

import io.caravan.testing.ScriptedChatModel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Step;
import io.caravan.core.step.PolicyStep;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.policies.tools.ToolRewritePolicy;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.StepEndpoints;
import io.caravan.core.step.StepRunner;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The bundled {@code tool-search} and {@code tool-agent} processes on the real stack (Flowable,
 * Camel, Lucene, the int8 encoder). The chat model is {@link ScriptedChatModel}, a TEST DOUBLE
 * standing in for an LLM; a per-test script is swapped in through {@link SwitchableChatModel}.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ToolProcessTest {

  /** Delegates to the script the running test installed; the processes are built once per class. */
  static final class SwitchableChatModel implements ChatModel {
    volatile ChatModel current;

    @Override
    public dev.langchain4j.model.chat.response.ChatResponse doChat(ChatRequest request) {
      return current.chat(request);
    }
  }

  private final SwitchableChatModel chat = new SwitchableChatModel();
  private final AtomicInteger weatherCalls = new AtomicInteger();
  private CamelContext camel;
  private Tools withAgent;
  private Tools withoutAgent;
  private ProcessRunner agentRunner;
  private ProcessRunner plainRunner;
  private CamelContext plainCamel;

  @BeforeAll
  void start() throws Exception {
    InProcessEncoder encoder = new InProcessEncoder(EncoderVariant.INT8);
    ToolSettings settings = new ToolSettings(Optional.empty(), "hybrid", 30, ToolRewritePolicy.Mode.AUTO, 0.34, 1, 3, 0.3);
    camel = new DefaultCamelContext();
    withAgent = new Tools(encoder, camel, settings, new ReciprocalRankFusion(), Optional.of(chat), new ObjectMapper());
    agentRunner = runner(camel, withAgent);
    plainCamel = new DefaultCamelContext();
    withoutAgent = new Tools(encoder, plainCamel, settings, new ReciprocalRankFusion(), Optional.empty(), new ObjectMapper());
    plainRunner = runner(plainCamel, withoutAgent);
  }

  private ProcessRunner runner(CamelContext ctx, Tools tools) throws Exception {
    ctx.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            for (Step s : tools.steps()) {
              from(StepEndpoints.uri(s.name())).process(ex -> ex.getMessage().setBody(StepRunner.run(s, ex.getMessage().getBody(RagState.class))));
            }
            from("direct:weather")
                .process(
                    ex -> {
                      weatherCalls.incrementAndGet();
                      ex.getMessage().setBody("light rain in " + ex.getMessage().getBody(Map.class).get("city"));
                    });
          }
        });
    ctx.start();
    tools.registry().registerAll(catalogue());
    ProcessRunner r = new ProcessRunner(ctx);
    for (String name : List.of("tool-search.bpmn20.xml", "tool-agent.bpmn20.xml")) {
      try (InputStream in = ProcessRunner.class.getResourceAsStream("/io/caravan/processes/" + name)) {
        r.deploy(name, in.readAllBytes());
      }
    }
    return r;
  }

  static List<ToolDescriptor> catalogue() {
    List<ToolDescriptor> tools = new ArrayList<>();
    for (ToolDescriptor t : ToolIndexTest.CATALOGUE) {
      tools.add(t.name().equals("weather_forecast") ? new ToolDescriptor(t.name(), t.description(), ToolCallerTest.CITY, List.of(), "direct:weather") : t);
    }
    return tools;
  }

  @AfterAll
  void stop() throws Exception {
    agentRunner.close();
    plainRunner.close();
    camel.close();
    plainCamel.close();
    withAgent.close();
    withoutAgent.close();
  }

  private static List<String> steps(RagState s) {
    return s.trace().events().stream().map(TraceEvent::step).toList();
  }

  @Test
  void toolSearchRewritesAUserQueryAndCutsTheRanking() {
    RagState s = plainRunner.run("tool-search", RagState.start(Query.of("will it be sunny in Oslo tomorrow", 10)));
    Decision rewrite = s.attribute(PolicyStep.attributeKey(ToolRewritePolicy.NAME), null);
    Decision cut = s.attribute(PolicyStep.attributeKey(ToolRetrievalPolicy.NAME), null);
    assertThat(rewrite.choice()).isEqualTo(ToolRewritePolicy.REWRITE);
    assertThat(steps(s)).containsExactly("retrieve-tools", "tool-rewrite", "rewrite-tool-query", "retrieve-tools-again", "tool-retrieval");
    assertThat(s.query().text()).startsWith("will it be sunny in Oslo tomorrow ").isEqualTo(rewrite.signals().get("rewritten"));
    assertThat(s.attribute(RewriteToolQueryStep.ORIGINAL, "")).isEqualTo("will it be sunny in Oslo tomorrow");
    assertThat(s.candidates().get(0).docId()).isEqualTo("weather_forecast");
    assertThat(ToolRetrievalPolicy.chosenK(cut)).isBetween(1, 3);

    RagState tooly = plainRunner.run("tool-search", RagState.start(Query.of("convert currency exchange rate", 10)));
    assertThat(steps(tooly)).containsExactly("retrieve-tools", "tool-rewrite", "tool-retrieval");
    assertThat(tooly.candidates().get(0).docId()).isEqualTo("currency_convert");
  }

  @Test
  void withoutAChatModelTheAgentProcessReportsTheRankedTools() {
    RagState s = plainRunner.run("tool-agent", RagState.start(Query.of("book a hotel room in Rome", 10)));
    assertThat(s.answer().generator()).isEqualTo("tool-retrieval");
    assertThat(s.answer().text()).contains("no chat model is configured").contains("1. hotel_booking: Book a hotel room");
    assertThat(steps(s)).endsWith("tool-retrieval", "agent-turn");
  }

  @Test
  void theAgentCallsARetrievedToolThroughCamelAndAnswers() {
    ScriptedChatModel model =
        ScriptedChatModel.replying(ToolAgentTest.call("c1", "weather_forecast", "{\"city\": \"Oslo\"}"), ToolAgentTest.say("Expect light rain in Oslo."));
    chat.current = model;
    int before = weatherCalls.get();
    RagState s = agentRunner.run("tool-agent", RagState.start(Query.of("What is the weather forecast for Oslo?", 10)));
    assertThat(s.answer().text()).isEqualTo("Expect light rain in Oslo.");
    assertThat(weatherCalls.get() - before).isEqualTo(1);
    assertThat(steps(s)).endsWith("tool-retrieval", "agent-turn", "agent-turn");
    // the model saw only the tools the policy selected, the weather tool among them
    Decision cut = s.attribute(PolicyStep.attributeKey(ToolRetrievalPolicy.NAME), null);
    assertThat(model.requests().get(0).toolSpecifications()).hasSize(ToolRetrievalPolicy.chosenK(cut)).extracting(t -> t.name()).contains("weather_forecast");
    TraceEvent firstTurn = s.trace().events().stream().filter(e -> e.step().equals("agent-turn")).findFirst().orElseThrow();
    assertThat(firstTurn.inputs().get("calls")).asString().contains("weather_forecast ok {\"city\": \"Oslo\"}");
  }

  @Test
  void theLoopStopsAtItsBoundWithAnAnswerNotAFailure() {
    // a model that never stops calling tools, with arguments the schema rejects
    chat.current = ScriptedChatModel.always(r -> ToolAgentTest.call("c", "weather_forecast", "{\"town\": \"Oslo\"}"));
    int before = weatherCalls.get();
    RagState s = agentRunner.run("tool-agent", RagState.start(Query.of("What is the weather forecast for Oslo?", 10)));
    assertThat(steps(s).stream().filter("agent-turn"::equals).count()).isEqualTo(6);
    assertThat(steps(s)).endsWith("agent-stop");
    assertThat(s.answer().text()).startsWith("The agent reached its turn limit without an answer after 6 tool calls.").contains("arguments.city is required");
    assertThat(weatherCalls.get() - before).as("invalid calls never reach the route").isZero();
  }
}
