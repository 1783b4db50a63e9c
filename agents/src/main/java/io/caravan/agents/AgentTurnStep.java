package io.caravan.agents;

import dev.langchain4j.data.message.ChatMessage;
import io.caravan.core.Answer;
import io.caravan.core.AttributeKey;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step {@value #NAME}: one turn of the agent over the selected tools; the process loops over it
 * until the state has an answer. Without a chat model it answers at once with the selected tools,
 * ranked, so the process still reports what tool retrieval found.
 *
 * <p>The conversation is carried in the attribute {@link #CONVERSATION}, tool calls so far in
 * {@link #CALLS}; the trace shows each turn's calls with their arguments and outcome.
 */
public final class AgentTurnStep implements Step {

  public static final String NAME = "agent-turn";
  public static final AttributeKey<List<ChatMessage>> CONVERSATION = AttributeKey.of("agent.conversation", List.class);
  public static final AttributeKey<List<ToolResult>> CALLS = AttributeKey.of("agent.calls", List.class);

  private final Optional<ToolAgent> agent;
  private final ToolRegistry registry;

  public AgentTurnStep(Optional<ToolAgent> agent, ToolRegistry registry) {
    this.agent = agent;
    this.registry = registry;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    List<ToolDescriptor> offered = SelectedTools.of(state, registry);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("tools", offered.stream().map(ToolDescriptor::name).toList());
    if (agent.isEmpty()) {
      inputs.put("agent", "none (no chat model configured)");
      return Result.of(state.withAnswer(new Answer(rankedTools(offered), List.of(), Double.NaN, "tool-retrieval")), inputs);
    }
    List<ChatMessage> conversation =
        state.get(CONVERSATION).orElseGet(() -> ToolAgent.start(state.get(RewriteToolQueryStep.ORIGINAL).orElse(state.query().text())));
    ToolAgent.Turn turn = agent.get().turn(conversation, offered);
    List<ToolResult> calls = new ArrayList<>(state.get(CALLS).orElse(List.of()));
    calls.addAll(turn.calls());
    List<String> shown = new ArrayList<>();
    for (ToolResult r : turn.calls()) {
      shown.add(r.tool() + (r.ok() ? " ok " : " failed ") + r.arguments() + (r.ok() ? "" : ": " + r.text()));
    }
    inputs.put("calls", shown);
    RagState next = state.with(CONVERSATION, turn.messages()).with(CALLS, List.copyOf(calls));
    if (turn.answered()) {
      next = next.withAnswer(new Answer(turn.answer(), List.of(), Double.NaN, "tool-agent"));
    }
    return Result.of(next, inputs);
  }

  static String rankedTools(List<ToolDescriptor> tools) {
    if (tools.isEmpty()) {
      return "No registered tool matches this request.";
    }
    StringBuilder sb = new StringBuilder("Tools for this request (no chat model is configured to call them):");
    int i = 1;
    for (ToolDescriptor t : tools) {
      sb.append('\n').append(i++).append(". ").append(t.name()).append(": ").append(t.description());
    }
    return sb.toString();
  }
}
