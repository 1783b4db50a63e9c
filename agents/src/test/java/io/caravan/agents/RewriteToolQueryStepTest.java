package io.caravan.agents;

import io.caravan.testing.ScriptedChatModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.policies.tools.ToolQueryExpansion;
import io.caravan.policies.tools.ToolRewritePolicy;
import io.caravan.core.step.StepRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rewrite step, embedded and with {@link ScriptedChatModel} (a TEST DOUBLE for an LLM) as the rewriter. */
class RewriteToolQueryStepTest {

  private final ToolRegistry registry = new ToolRegistry();

  RewriteToolQueryStepTest() {
    registry.register(new ToolDescriptor("weather_forecast", "Weather forecast: temperature and precipitation for a city", null, null, null));
    registry.register(new ToolDescriptor("hotel_booking", "Book a hotel room", null, null, null));
  }

  /** A tool-rewrite decision whose rewrite is only in its typed payload: the step must not need the signals. */
  private RagState decided(String choice) {
    Passage p = new Passage("weather_forecast", "weather_forecast", "weather_forecast", "Weather forecast", 0, 16, Map.of());
    ToolQueryExpansion.Expansion e =
        new ToolQueryExpansion.Expansion("will it rain in Oslo weather forecast precipitation", List.of("weather", "forecast", "precipitation"));
    return RagState.start(Query.of("will it rain in Oslo"))
        .withCandidates(List.of(Candidate.of(p, "rrf", 0.03)))
        .with(ToolRewritePolicy.DECISION, new Decision<>(ToolRewritePolicy.NAME, choice, Map.of(), "", e));
  }

  @Test
  void appliesTheEmbeddedRewriteAndKeepsTheOriginal() {
    RagState s = StepRunner.run(new RewriteToolQueryStep(ToolRewritePolicy.DECIDED_REWRITE), decided(ToolRewritePolicy.REWRITE));
    assertThat(s.query().text()).isEqualTo("will it rain in Oslo weather forecast precipitation");
    assertThat(s.get(RewriteToolQueryStep.ORIGINAL)).contains("will it rain in Oslo");
    assertThat(s.trace().events().get(0).inputs()).containsEntry("rewriter", "embedded");
  }

  @Test
  void withAChatModelTheModelRewritesFromTheTopToolDescriptions() {
    ScriptedChatModel model = ScriptedChatModel.replying(ToolAgentTest.say("  weather forecast precipitation for the city of Oslo "));
    RagState s = StepRunner.run(new RewriteToolQueryStep(new LlmToolQueryRewriter(model, registry)), decided(ToolRewritePolicy.REWRITE));
    assertThat(s.query().text()).isEqualTo("weather forecast precipitation for the city of Oslo");
    assertThat(s.trace().events().get(0).inputs()).containsEntry("rewriter", "chat-model");
    // system instruction, the worked example (request, rewrite), then the request
    List<ChatMessage> messages = model.requests().get(0).messages();
    assertThat(messages).hasSize(4);
    String prompt = ((UserMessage) messages.get(3)).singleText();
    assertThat(prompt).contains("- weather_forecast: Weather forecast: temperature and precipitation", "Request: will it rain in Oslo");

    ScriptedChatModel blank = ScriptedChatModel.replying(ToolAgentTest.say(" "));
    RagState kept = StepRunner.run(new RewriteToolQueryStep(new LlmToolQueryRewriter(blank, registry)), decided(ToolRewritePolicy.REWRITE));
    assertThat(kept.query().text()).isEqualTo("will it rain in Oslo");
  }

  @Test
  void refusesToRunWithoutADecisionToRewrite() {
    assertThatThrownBy(() -> StepRunner.run(new RewriteToolQueryStep(ToolRewritePolicy.DECIDED_REWRITE), decided(ToolRewritePolicy.KEEP)))
        .hasMessageContaining("runs only after a tool-rewrite decision to REWRITE");
  }
}
