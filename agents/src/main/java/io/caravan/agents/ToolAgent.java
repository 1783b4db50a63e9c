package io.caravan.agents;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a tool-using agent (distill-retrieve-read's "read" side): the chat model sees the
 * conversation and only the tools retrieval selected, and either answers or asks for tool calls,
 * which run through {@link ToolCaller} and go back to it as tool results. A call to a tool it was
 * not offered is refused the same way as a bad argument: as a result the model can read. The loop
 * and its bound are the process's (a BPMN cycle with {@code caravan:maxVisits}), so every turn is a
 * step in the trace.
 */
public final class ToolAgent {

  static final String SYSTEM =
      "You are an assistant that can call tools. Call a tool when it helps to answer; "
          + "when you have what you need, answer the user in plain text.";

  /** The conversation after a turn, the answer if the model gave one, and the calls it made. */
  public record Turn(List<ChatMessage> messages, String answer, List<ToolResult> calls) {
    public Turn {
      messages = List.copyOf(messages);
      calls = List.copyOf(calls);
    }

    public boolean answered() {
      return answer != null;
    }
  }

  private final ChatModel model;
  private final ToolCaller caller;
  private final ToolSchemas schemas;

  public ToolAgent(ChatModel model, ToolCaller caller, ToolSchemas schemas) {
    this.model = Objects.requireNonNull(model, "model");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.schemas = Objects.requireNonNull(schemas, "schemas");
  }

  /** The conversation a question starts. */
  public static List<ChatMessage> start(String question) {
    return List.of(SystemMessage.from(SYSTEM), UserMessage.from(question));
  }

  public Turn turn(List<ChatMessage> conversation, List<ToolDescriptor> offered) {
    Map<String, ToolDescriptor> byName = new LinkedHashMap<>();
    List<ToolSpecification> specs = new ArrayList<>();
    for (ToolDescriptor t : offered) {
      byName.put(t.name(), t);
      specs.add(schemas.specification(t));
    }
    ChatRequest.Builder request = ChatRequest.builder().messages(conversation);
    if (!specs.isEmpty()) {
      request.toolSpecifications(specs);
    }
    AiMessage reply = model.chat(request.build()).aiMessage();
    List<ChatMessage> next = new ArrayList<>(conversation);
    next.add(reply);
    if (!reply.hasToolExecutionRequests()) {
      return new Turn(next, reply.text() == null ? "" : reply.text(), List.of());
    }
    List<ToolResult> calls = new ArrayList<>();
    for (ToolExecutionRequest r : reply.toolExecutionRequests()) {
      ToolDescriptor tool = byName.get(r.name());
      ToolResult result =
          tool == null
              ? ToolResult.error(String.valueOf(r.name()), r.arguments(), "tool " + r.name() + " is not among the tools offered: " + String.join(", ", byName.keySet()))
              : caller.call(tool, r.arguments());
      calls.add(result);
      next.add(ToolExecutionResultMessage.from(r, result.text()));
    }
    return new Turn(next, null, calls);
  }
}
