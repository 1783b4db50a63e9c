package io.caravan.agents;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * QTA's rewriter with a general chat model: shown the request and the descriptions of the tools a
 * first pass found (the state's top {@value #TOP_TOOLS} candidates still registered), the model
 * restates the request in the tools' vocabulary. Used instead of the embedded expansion when a
 * chat model is configured; a blank reply keeps the original query. Cost: one chat call.
 */
public final class LlmToolQueryRewriter implements QueryTransformer {

  static final String INSTRUCTION =
      "Turn the user's request into a short command in the words of the tool below that serves it: name the tool's "
          + "action and objects, and keep the request's details (places, dates, amounts). Reply with the command only.";
  static final int TOP_TOOLS = 5;

  // One worked example: without it Qwen2.5 0.5B handed the request back unchanged. Its tools and
  // request are made up, unrelated to the benchmark sets (MTRB, MetaTool).
  static final String EXAMPLE_REQUEST =
      "Tools:\n- flight_search: Searches flights between two airports on a date\n- hotel_booking: Books a room in a hotel of a city\n\n"
          + "Request: I have to be in Rome on Friday morning, I leave from Berlin";
  static final String EXAMPLE_REWRITE = "Search flights from Berlin to Rome on Friday morning";

  private final ChatModel model;
  private final ToolRegistry registry;

  public LlmToolQueryRewriter(ChatModel model, ToolRegistry registry) {
    this.model = Objects.requireNonNull(model, "model");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public String name() {
    return "chat-model";
  }

  /** The request restated in the words of the tools the state's first pass ranked highest. */
  @Override
  public List<Query> transform(Query query, RagState state) {
    List<ToolDescriptor> top = new ArrayList<>();
    for (Candidate c : state.candidates().subList(0, Math.min(TOP_TOOLS, state.candidates().size()))) {
      registry.get(c.docId()).ifPresent(top::add);
    }
    return List.of(query.withText(rewrite(query.text(), top)));
  }

  public String rewrite(String query, List<ToolDescriptor> firstPass) {
    StringBuilder tools = new StringBuilder();
    for (ToolDescriptor t : firstPass) {
      tools.append("- ").append(t.name()).append(": ").append(t.description()).append('\n');
    }
    String reply =
        model.chat(
                ChatRequest.builder()
                    .messages(
                        SystemMessage.from(INSTRUCTION),
                        UserMessage.from(EXAMPLE_REQUEST),
                        AiMessage.from(EXAMPLE_REWRITE),
                        UserMessage.from("Tools:\n" + tools + "\nRequest: " + query))
                    .build())
            .aiMessage()
            .text();
    return reply == null || reply.isBlank() ? query : reply.strip();
  }
}
