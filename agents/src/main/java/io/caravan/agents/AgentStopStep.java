package io.caravan.agents;

import io.caravan.core.Answer;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.List;
import java.util.Map;

/**
 * Step {@value #NAME}: where the agent loop ends when its bound is reached without an answer. It
 * answers that no answer was reached and lists the tool calls made, so the caller sees the
 * evidence gathered instead of a failed process.
 */
public final class AgentStopStep implements Step {

  public static final String NAME = "agent-stop";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    List<ToolResult> calls = state.get(AgentTurnStep.CALLS).orElse(List.of());
    StringBuilder sb = new StringBuilder("The agent reached its turn limit without an answer after ").append(calls.size()).append(" tool calls.");
    for (ToolResult r : calls) {
      sb.append('\n').append(r.ok() ? "- " : "- (failed) ").append(r.tool()).append(' ').append(r.arguments()).append(" -> ").append(r.text());
    }
    return Result.of(state.withAnswer(Answer.noAnswer("tool-agent", sb.toString())), Map.of("calls", calls.size()));
  }
}
