package io.caravan.agents;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import java.util.Objects;

/**
 * QTA's rewriter with a general chat model: shown the request and the descriptions of the tools a
 * first pass found, the model restates the request in the tools' vocabulary. Used instead of the
 * embedded expansion when a chat model is configured; a blank reply keeps the original query.
 */
public final class LlmToolQueryRewriter {

  static final String INSTRUCTION =
      "Rewrite the user's request so that it uses the vocabulary of the tool descriptions below: name the actions "
          + "and objects the way the tools do. Keep every need the request states. Reply with the rewritten request only.";

  private final ChatModel model;

  public LlmToolQueryRewriter(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  public String rewrite(String query, List<ToolDescriptor> firstPass) {
    StringBuilder tools = new StringBuilder();
    for (ToolDescriptor t : firstPass) {
      tools.append("- ").append(t.name()).append(": ").append(t.description()).append('\n');
    }
    String reply =
        model.chat(
                ChatRequest.builder()
                    .messages(SystemMessage.from(INSTRUCTION), UserMessage.from("Tools:\n" + tools + "\nRequest: " + query))
                    .build())
            .aiMessage()
            .text();
    return reply == null || reply.isBlank() ? query : reply.strip();
  }
}
